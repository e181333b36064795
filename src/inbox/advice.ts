/**
 * What an agent should do about a failed message, in one sentence per error code. Peers' users
 * complain most that failures are invisible or unexplained (peers.md §8, items 1 and 2); Alibaba's
 * `PossibleSolution` is the model, given here per message.
 */
const advice: Record<number, string> = {
  131047: 'The 24-hour customer service window has closed: send an approved template; free-form messages go again once the customer writes.',
  131026: 'WhatsApp could not deliver it: the number may not use WhatsApp, may have blocked the business or run an old app. Check the number before sending again.',
  131049: 'Meta held back this marketing message to keep engagement healthy; do not resend at once, try later or reach the customer another way.',
  131050: 'The customer stopped marketing messages from this business: send only service or utility messages.',
  131048: 'The number is limited after low quality: it may answer customers but not start conversations; improve message quality.',
  131051: 'WhatsApp does not support this message type: send it as text, media or a template instead.',
  131052: 'The media could not be downloaded from the customer; ask them to send it again.',
  131053: 'The media could not be uploaded: check the file or link is reachable and of a supported type, then send again.',
  131042: 'The message was refused for payment: the monthly budget is spent or billing needs attention; ask an admin.',
  131031: 'The business account is locked; an admin must resolve it with Meta before anything can be sent.',
  131021: 'The recipient is the business number itself.',
  130429: 'The number sends faster than its throughput allows; chatapp waits and retries.',
  131056: 'Too many messages to this customer in a short time; wait a moment before the next one.',
  131000: 'Something went wrong on the platform; send it again.',
  132000: "The template's parameters do not match the approved template; fix the parameters and send again.",
  132001: 'This template (or its language) does not exist; pick an approved template.',
  132012: "A parameter's format does not match the template (e.g. media where text was expected); fix it and send again.",
  132015: 'The template is paused for low quality; use another template until it is resumed.',
  132016: 'The template is disabled for low quality; use another template.',
  132018: "The template's parameters are not valid; check each parameter and send again.",
};

/** A sentence on what to do about error `code`; a generic one for codes without their own. */
export function adviceFor(code: number): string {
  return advice[code] ?? 'See the error code in the WhatsApp error reference; sending the same message again may fail the same way.';
}
