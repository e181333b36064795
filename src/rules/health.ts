/** A number's standing, and what it allows (spec §6.6): pure rules for chatapp's mirror and Meta's side alike. */

/** What health is decided from: a number's id and its status on the platform. */
export interface HealthOf {
  readonly id: string;
  readonly status: string;
}

export interface HealthError {
  error_code: number;
  error_description: string;
  possible_solution: string;
}

export function numberHealth(number: HealthOf): { can_send_message: 'AVAILABLE' | 'LIMITED' | 'BLOCKED'; errors?: HealthError[] } {
  switch (number.status) {
    case 'CONNECTED':
      return { can_send_message: 'AVAILABLE' };
    case 'FLAGGED':
      return {
        can_send_message: 'LIMITED',
        errors: [
          {
            error_code: 131048,
            error_description: 'The number’s quality rating is low (RED): users blocked or reported it in the last 7 days.',
            possible_solution: 'Send only messages users asked for, make opting out easy, and review the templates with low quality; the rating recovers as feedback improves.',
          },
        ],
      };
    case 'RESTRICTED':
      return {
        can_send_message: 'LIMITED',
        errors: [
          {
            error_code: 131048,
            error_description: 'The number stayed at low quality for 7 days and may not start conversations; it can still answer users who write.',
            possible_solution: 'Improve message quality; the restriction lifts when the rating recovers.',
          },
        ],
      };
    default:
      return {
        can_send_message: 'BLOCKED',
        errors: [{ error_code: 133010, error_description: `The number is ${number.status}, not registered.`, possible_solution: 'Verify the number and register it with /register.' }],
      };
  }
}

/** `health_status` of a WABA (spec §6.6): its own entity first, then each number's. */
export interface WabaHealth {
  readonly can_send_message: 'AVAILABLE' | 'LIMITED' | 'BLOCKED';
  readonly entities: readonly Record<string, unknown>[];
}

/** The WABA's health: the worst of its numbers'. */
export function wabaHealth(wabaId: string, numbers: readonly HealthOf[]): WabaHealth {
  const entities = numbers.map((n) => ({ entity_type: 'PHONE_NUMBER', id: n.id, ...numberHealth(n) }));
  const order = ['AVAILABLE', 'LIMITED', 'BLOCKED'] as const;
  const worst = entities.reduce<(typeof order)[number]>((w, e) => (order.indexOf(e.can_send_message) > order.indexOf(w) ? e.can_send_message : w), 'AVAILABLE');
  return { can_send_message: worst, entities: [{ entity_type: 'WABA', id: wabaId, can_send_message: worst }, ...entities] };
}
