import type { MemberPrincipal, TokenPrincipal } from "@/lib/domain/access";

/** The owner of an account's own organisation (same id), as a dashboard session acts for it. */
export const ownerOf = (organiserId: string): MemberPrincipal => ({
  kind: "organiser",
  organiserId,
  organisationId: organiserId,
  role: "owner",
  eventIds: null,
});

/** A full-scope token of an account's own organisation. */
export const fullTokenOf = (organiserId: string, tokenId: string): TokenPrincipal => ({
  kind: "token",
  organiserId,
  organisationId: organiserId,
  tokenId,
  scopes: null,
  eventIds: null,
});
