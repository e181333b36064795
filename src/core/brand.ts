/** Branded ids: a store function that takes a BusinessId cannot be called with a bare string. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

export type BusinessId = Brand<string, 'BusinessId'>;
export type WabaId = Brand<string, 'WabaId'>;
export type PhoneNumberId = Brand<string, 'PhoneNumberId'>;
export type AppId = Brand<string, 'AppId'>;
export type MemberId = Brand<string, 'MemberId'>;
export type SystemUserId = Brand<string, 'SystemUserId'>;
export type TokenId = Brand<string, 'TokenId'>;

export const asBusinessId = (id: string): BusinessId => id as BusinessId;
export const asWabaId = (id: string): WabaId => id as WabaId;
export const asPhoneNumberId = (id: string): PhoneNumberId => id as PhoneNumberId;
export const asAppId = (id: string): AppId => id as AppId;
export const asMemberId = (id: string): MemberId => id as MemberId;
export const asSystemUserId = (id: string): SystemUserId => id as SystemUserId;
export const asTokenId = (id: string): TokenId => id as TokenId;
