/** Users of resources/scenarios/contoso.json that the end-to-end tests sign in as (training passwords). */
export const demo = {
  tenantLogoText: 'Contoso',
  lastUser: { upn: 'adele.vance@contoso.com', displayName: 'Adele Vance', password: 'Harbor-Lantern-47' },
  otherUser: { upn: 'ben.walters@fabrikam.onmicrosoft.com', displayName: 'Ben Walters', password: 'Delta-Spruce-27' },
  disabledUser: { upn: 'irvin.sayers@contoso.com', password: 'Ember-Garden-33' },
} as const;
