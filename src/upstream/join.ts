import type { AccountsPort } from './port/accounts.js';
import type { MediaPort } from './port/media.js';
import type { MessagesPort } from './port/messages.js';
import type { NumbersPort } from './port/numbers.js';
import type { TemplatesPort } from './port/templates.js';
import type { Upstream } from './types.js';

export interface UpstreamParts {
  readonly messages: MessagesPort;
  readonly media: MediaPort;
  readonly templates: TemplatesPort;
  readonly numbers: NumbersPort;
  readonly accounts: AccountsPort;
}

/** One `Upstream` from the parts that implement it, each a room of Meta's side (messages, media, …). */
export function joinPorts(parts: UpstreamParts): Upstream {
  const { messages, media, templates, numbers, accounts } = parts;
  return {
    sendMessage: (message) => messages.sendMessage(message),
    markRead: (input) => messages.markRead(input),
    upload: (input) => media.upload(input),
    getMedia: (id, owner) => media.getMedia(id, owner),
    download: (url, owner) => media.download(url, owner),
    deleteMedia: (id, owner) => media.deleteMedia(id, owner),
    createTemplate: (wabaId, definition) => templates.createTemplate(wabaId, definition),
    editTemplate: (id, changes, owner) => templates.editTemplate(id, changes, owner),
    deleteTemplate: (wabaId, by) => templates.deleteTemplate(wabaId, by),
    unpauseTemplate: (id, owner) => templates.unpauseTemplate(id, owner),
    getTemplate: (id, owner) => templates.getTemplate(id, owner),
    listTemplates: (wabaId) => templates.listTemplates(wabaId),
    addPhoneNumber: (wabaId, input) => numbers.addPhoneNumber(wabaId, input),
    requestCode: (id, input) => numbers.requestCode(id, input),
    verifyCode: (id, code) => numbers.verifyCode(id, code),
    register: (id, pin) => numbers.register(id, pin),
    deregister: (id) => numbers.deregister(id),
    setPin: (id, pin) => numbers.setPin(id, pin),
    requestDisplayName: (id, name) => numbers.requestDisplayName(id, name),
    setProfile: (id, profile) => numbers.setProfile(id, profile),
    getProfile: (id) => numbers.getProfile(id),
    getPhoneNumber: (id) => numbers.getPhoneNumber(id),
    listPhoneNumbers: (wabaId) => numbers.listPhoneNumbers(wabaId),
    createBusiness: (input) => accounts.createBusiness(input),
    createWaba: (businessId, input) => accounts.createWaba(businessId, input),
    getWaba: (id) => accounts.getWaba(id),
    requestVerification: (businessId, input) => accounts.requestVerification(businessId, input),
    applyForMetaVerified: (wabaId) => accounts.applyForMetaVerified(wabaId),
    subscribeApp: (wabaId) => accounts.subscribeApp(wabaId),
  };
}
