/**
 * Whose a media item or a template is, for the calls that name it by its id alone: Meta knows, but
 * a connector must pick the access token to call with (the WABA's, or the WABA of the number).
 * The simulator, being Meta, needs no telling.
 */
export type Owner = { readonly wabaId: string } | { readonly phoneNumberId: string };
