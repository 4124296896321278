// The security-info screens (§7), loaded on demand: the app's routing imports them when the session
// reaches registration or reconfirmation, or the desktop opens "Manage my security info".
export { RegistrationInterrupt } from './RegistrationInterrupt';
export { Reconfirm } from './Reconfirm';
export { SecurityInfoPage } from './SecurityInfoPage';
