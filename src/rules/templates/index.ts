/** The pure template model (issue 4): parse a create payload, lint it, review it, check and render a send. No I/O. */
export { authenticationWording, bodyText, footerText } from './authentication.js';
export { finding, ruleCodes, ruleReasons, rejectedReasons, type Finding, type RejectedReason, type RejectionReason, type RuleCode } from './findings.js';
export { codeExpirationMinutes, maxButtonsOfType, signatureHashLength, templateCountLimits, templateTextLimits, ttlRange } from './limits.js';
export {
  CREATIONS_PER_HOUR, EDIT_SPACING_MS, EDIT_WINDOW_MS, EDITS_PER_30_DAYS, editProblem, editsWithinWindow, editTimesAfterEdit, NAME_HOLD_MS, templateStatuses,
  type EditableTemplate, type TemplateStatus,
} from './lifecycle.js';
export { lintTemplate, type LintOptions } from './lint.js';
export { createPayloadError, parseTemplateCreate, templateNameLimit, type ParseResult } from './parse.js';
export { namedParameterPattern, parameterNames, placeholders, type Placeholder } from './placeholders.js';
export { PAUSE_DURATIONS_MS, pauseStep, type PauseStep, type QualityScore } from './quality.js';
export { reviewTemplate, sandboxMarkers, type RejectionInfo, type ReviewDecision, type ReviewOptions } from './review.js';
export { checkTemplateSend, type TemplateSendInput } from './send.js';
export {
  asSendComponents, type Rendered, type RenderedButton, type RenderedCard, type RenderedHeader, type SendCheck, type SendComponent,
  type SendParameter,
} from './send-types.js';
export * from './types.js';
export { authenticationLikeWording, marketingWording } from './wording.js';
