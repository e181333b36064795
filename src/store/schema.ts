/**
 * The tables, as Kysely sees them. Timestamps are milliseconds on the chatapp clock (BIGINT on
 * PostgreSQL, read back as numbers); flags are nullable timestamps rather than booleans, so both
 * dialects store them alike; JSON is stored as text.
 */
export interface BusinessesTable {
  id: string;
  name: string;
  verification_status: string;
  created_at: number;
}

export interface MembersTable {
  id: string;
  business_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  created_at: number;
}

export interface ConsoleSessionsTable {
  id_hash: string;
  business_id: string;
  member_id: string;
  csrf_token: string;
  expires_at: number;
  created_at: number;
}

export interface SystemUsersTable {
  id: string;
  business_id: string;
  name: string;
  role: string;
  created_at: number;
}

export interface SystemUserAssetsTable {
  system_user_id: string;
  waba_id: string;
  business_id: string;
}

export interface AppsTable {
  id: string;
  business_id: string;
  name: string;
  app_secret: string;
  verify_token: string;
  callback_url: string | null;
  subscribed_fields: string;
  created_at: number;
}

export interface AccessTokensTable {
  id: string;
  business_id: string;
  system_user_id: string;
  app_id: string;
  token_hash: string;
  hint: string;
  scopes: string;
  label: string;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  created_at: number;
}

export interface WabasTable {
  id: string;
  business_id: string;
  name: string;
  currency: string;
  timezone_id: string;
  account_review_status: string;
  message_template_namespace: string;
  created_at: number;
}

export interface PhoneNumbersTable {
  id: string;
  business_id: string;
  waba_id: string;
  display_phone_number: string;
  country_dial_code: string;
  verified_name: string;
  status: string;
  quality_rating: string;
  messaging_limit_tier: string;
  throughput_level: string;
  code_verification_status: string;
  name_status: string;
  platform_type: string;
  account_mode: string;
  created_at: number;
}

export interface GraphObjectsTable {
  id: string;
  kind: string;
  business_id: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Schema {
  businesses: BusinessesTable;
  members: MembersTable;
  console_sessions: ConsoleSessionsTable;
  system_users: SystemUsersTable;
  system_user_assets: SystemUserAssetsTable;
  apps: AppsTable;
  access_tokens: AccessTokensTable;
  wabas: WabasTable;
  phone_numbers: PhoneNumbersTable;
  graph_objects: GraphObjectsTable;
  jobs: JobsTable;
}
