/** The customer service window: 24 hours from the user's last message (spec §6.1). */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3600 * 1000;

/** Whether a business may send free-form messages: the user wrote within the last 24 hours. */
export function windowOpen(lastInboundAt: number | undefined, now: number): boolean {
  return lastInboundAt !== undefined && now < lastInboundAt + CUSTOMER_SERVICE_WINDOW_MS;
}
