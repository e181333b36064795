import { api } from '../../api.ts';
import type { NumberOverview, WabaOverview } from '../../types.ts';

/** The numbers screen's shapes: the console's `GET /console/api/wabas` (src/numbers/console-view.ts). */
export interface ScreenNumber extends NumberOverview {
  new_display_name: string | null;
  new_name_status: string | null;
}

export interface ScreenWaba extends Omit<WabaOverview, 'phone_numbers'> {
  currency?: string;
  timezone_id?: string;
  timezone?: string;
  phone_numbers: ScreenNumber[];
}

export interface Verification {
  status: 'not_verified' | 'pending' | 'verified' | 'rejected';
  legal_name?: string;
  website?: string;
  rejection_reason?: string;
  submitted_time?: number;
  decided_time?: number;
}

export interface Screen {
  meta_verified: 'not_applied' | 'pending' | 'granted' | string;
  meta_verified_eligibility: { eligible: boolean; blockers: string[] };
  messaging_limit: { tier: string; customers: number | null; reached_24h: number };
  business_verification: Verification;
  wabas: ScreenWaba[];
}

export interface WabaOptions {
  currencies: string[];
  timezones: { id: string; name: string }[];
}

/** The screen's calls, as the signed-in member; errors come back as `ApiError`s in Graph's words. */
export const numbersApi = {
  screen: () => api.get<Screen>('/console/api/wabas'),
  options: () => api.get<WabaOptions>('/console/api/wabas/options'),
  createWaba: (body: { name: string; currency: string; timezone_id: string }) => api.post<{ id: string }>('/console/api/wabas', body),
  addNumber: (wabaId: string, body: { cc: string; phone_number: string; verified_name: string }) => api.post<{ id: string }>(`/console/api/wabas/${wabaId}/phone_numbers`, body),
  requestCode: (id: string, method: 'SMS' | 'VOICE') => api.post(`/console/api/phone_numbers/${id}/request_code`, { code_method: method }),
  verifyCode: (id: string, code: string) => api.post(`/console/api/phone_numbers/${id}/verify_code`, { code }),
  register: (id: string, pin: string) => api.post(`/console/api/phone_numbers/${id}/register`, { messaging_product: 'whatsapp', pin }),
  rename: (id: string, name: string) => api.post(`/console/api/phone_numbers/${id}/display_name`, { new_display_name: name }),
  submitVerification: (body: { legal_name: string; address: string; website: string; documents: { kind: string; name: string }[] }) =>
    api.post<Verification>('/console/api/business/verification', body),
  applyForMetaVerified: () => api.post<{ status: string }>('/console/api/business/meta_verified'),
};

/** Where the sandbox's simulator shows the codes "sent" to a number (its SIM, as it were). */
export const simulatorCodesUrl = (phoneNumberId: string): string => `/simulator/verification_codes?phone_number_id=${encodeURIComponent(phoneNumberId)}`;
