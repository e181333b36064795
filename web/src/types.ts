/** Shapes of the console API and the simulator API as the console reads them (see the server's presenters). */
import type { ConsoleAction, MemberRole } from '../../src/accounts/model.ts';

export type { ConsoleAction, MemberRole };

export interface ConsoleUser {
  business_id: string;
  member_id: string;
  email: string;
  name: string;
  role: MemberRole;
  csrf_token: string;
}

export interface Me {
  user: ConsoleUser;
  business: { id: string; name: string; verification_status: string } | null;
}

export interface HealthEntity {
  entity_type: string;
  id: string;
  can_send_message: 'AVAILABLE' | 'LIMITED' | 'BLOCKED';
  errors?: { error_code: number; error_description: string; possible_solution: string }[];
}

export interface NumberOverview {
  id: string;
  display_phone_number: string;
  verified_name: string;
  status: string;
  name_status: string;
  code_verification_status: string;
  quality_rating: string;
  messaging_limit: string;
  throughput: string | { level?: string };
  backlog_seconds: number;
  is_official_business_account: boolean;
}

export interface WabaOverview {
  id: string;
  name: string;
  account_review_status: string;
  health_status: { can_send_message: string; entities: HealthEntity[] };
  phone_numbers: NumberOverview[];
}

export interface Overview {
  meta_verified: string;
  wabas: WabaOverview[];
}

export interface AppView {
  id: string;
  name: string;
  app_secret: string;
  verify_token: string;
  callback_url: string | null;
  subscribed_fields: string[];
  created_time: string;
}

export interface SystemUserView {
  id: string;
  name: string;
  role: 'ADMIN' | 'EMPLOYEE';
  waba_ids: string[];
}

export interface TokenView {
  id: string;
  label: string;
  hint: string;
  app_id: string;
  system_user_id: string;
  scopes: string[];
  expires_time: string | null;
  revoked_time: string | null;
  last_used_time: string | null;
  created_time: string;
}

export interface WebhookEventView {
  id: string;
  app_id: string;
  waba_id: string;
  phone_number_id: string | null;
  field: string;
  url: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  last_status_code: number | null;
  created_time: number;
  delivered_time: number | null;
  next_attempt_time: number | null;
}

export interface WebhookAttemptView {
  attempted_time: number;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export interface SimUser {
  wa_id: string;
  profile_name: string;
  behaviour: Record<string, unknown>;
}

export type Ticks = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface RenderedButton {
  type: string;
  text: string;
  payload?: string;
  url?: string;
  phoneNumber?: string;
  code?: string;
}

export interface Rendered {
  header?: { type: string; text?: string; link?: string; id?: string; filename?: string; name?: string; address?: string };
  body: string;
  footer?: string;
  buttons: RenderedButton[];
  cards?: { header?: Rendered['header']; body?: string; buttons: RenderedButton[] }[];
}

export interface ChatMessage {
  id: string;
  from: 'business' | 'user';
  type: string;
  status: Ticks;
  timestamp: number;
  [content: string]: unknown;
}

export interface Chat {
  business: { phone_number_id: string; display_phone_number: string; verified_name: string; is_official_business_account: boolean; profile?: Record<string, unknown> };
  typing: boolean;
  messages: ChatMessage[];
}
