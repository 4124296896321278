import {
  Mail24Regular,
  PersonQuestionMark24Regular,
  Phone24Regular,
  PhoneDesktop24Regular,
  PhoneKey24Regular,
} from '@fluentui/react-icons';
import type { MethodKind } from '../../shared/policy';

const icons = {
  email: Mail24Regular,
  mobilePhone: Phone24Regular,
  officePhone: PhoneDesktop24Regular,
  authenticatorApp: PhoneKey24Regular,
  securityQuestions: PersonQuestionMark24Regular,
} satisfies Record<MethodKind, unknown>;

/** The icon My Sign-Ins shows beside a method; decoration only (the kind is always written next to it). */
export function KindIcon({ kind }: { kind: MethodKind }) {
  const Icon = icons[kind];
  return (
    <span className={`si-kind-icon si-kind-${kind}`} aria-hidden>
      <Icon />
    </span>
  );
}
