/**
 * The tables, as Kysely sees them. Timestamps are milliseconds on the chatapp clock (BIGINT on
 * PostgreSQL, read back as numbers), except sessions, token expiry and leases, on wall time (said
 * where they are); flags are nullable timestamps rather than booleans, so both
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
  /** Wall time, never the sandbox clock's: a jump of the sandbox signs nobody out. So is `created_at`. */
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
  webhook_version: number;
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
  /** Wall time, never the sandbox clock's: a jump of the sandbox expires no token. */
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
  /** A display name the business asked for, under review (`new_name_status`). */
  new_display_name: string | null;
  new_name_status: string | null;
  /** JSON: when the number was registered or deregistered in the last 72 hours. */
  registration_times: string;
  /** 1 once the business holds Meta Verified: the number shows the badge. */
  official_business_account: number;
}

export interface BusinessVerificationsTable {
  business_id: string;
  legal_name: string;
  address: string;
  website: string;
  /** JSON: the documents' names and kinds. */
  documents: string;
  status: string;
  rejection_reason: string | null;
  submitted_at: number;
  decided_at: number | null;
}

export interface PacingTable {
  key: string;
  tat: number;
}

export interface MetaVerifiedTable {
  business_id: string;
  status: string;
  applied_at: number;
  decided_at: number | null;
}

/** Meta's record of a business portfolio, on the simulator's side (migration 028). */
export interface SimBusinessesTable {
  id: string;
  name: string;
  verification_status: string;
  created_at: number;
}

/** Meta's record of a WABA, on the simulator's side. */
export interface SimWabasTable {
  id: string;
  business_id: string;
  name: string;
  currency: string;
  timezone_id: string;
  account_review_status: string;
  created_at: number;
}

/** Meta's record of a phone number, on the simulator's side: the authority on its standing. */
export interface SimPhoneNumbersTable {
  id: string;
  business_id: string;
  waba_id: string;
  /** E.164 digits without `+`; a number lives on the platform once. */
  digits: string;
  verified_name: string;
  name_status: string;
  new_display_name: string | null;
  new_name_status: string | null;
  code_verification_status: string;
  status: string;
  quality_rating: string;
  throughput_level: string;
  official_business_account: number;
  /** JSON: the business profile users see in the chat header. */
  profile: string;
  created_at: number;
}

export interface SimBusinessLimitsTable {
  business_id: string;
  tier: string;
  upgrade_due_at: number | null;
}

export interface SimReachTable {
  id: string;
  business_id: string;
  wa_id: string;
  at: number;
  phone_number_id: string | null;
}

export interface BusinessProfilesTable {
  phone_number_id: string;
  business_id: string;
  about: string | null;
  address: string | null;
  description: string | null;
  email: string | null;
  /** JSON: up to two URLs. */
  websites: string;
  vertical: string | null;
  profile_picture_url: string | null;
  updated_at: number;
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
  /** Wall time: a jump of the sandbox clock ends no lease (whether a job is due, `run_at`, is on the sandbox clock). */
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Schema extends MessagingSchema, MediaSchema, TemplatesSchema, BillingSchema, InboxSchema, SimAppsSchema, MetaCloudSchema {
  businesses: BusinessesTable;
  members: MembersTable;
  console_sessions: ConsoleSessionsTable;
  system_users: SystemUsersTable;
  system_user_assets: SystemUserAssetsTable;
  apps: AppsTable;
  access_tokens: AccessTokensTable;
  wabas: WabasTable;
  phone_numbers: PhoneNumbersTable;
  business_profiles: BusinessProfilesTable;
  business_verifications: BusinessVerificationsTable;
  pacing: PacingTable;
  meta_verified: MetaVerifiedTable;
  sim_businesses: SimBusinessesTable;
  sim_wabas: SimWabasTable;
  sim_phone_numbers: SimPhoneNumbersTable;
  sim_business_limits: SimBusinessLimitsTable;
  sim_reach: SimReachTable;
  sim_verification_codes: SimVerificationCodesTable;
  sim_number_pins: SimNumberPinsTable;
  graph_objects: GraphObjectsTable;
  jobs: JobsTable;
}

export interface MessagesTable {
  id: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  direction: string;
  wa_id: string;
  input: string;
  type: string;
  content: string;
  context_message_id: string | null;
  biz_opaque_callback_data: string | null;
  status: string;
  errors: string | null;
  created_at: number;
  updated_at: number;
}

export interface CustomerWindowsTable {
  phone_number_id: string;
  wa_id: string;
  business_id: string;
  last_inbound_at: number;
  /** The user's last message that came from an ad (a `referral`). */
  referral_at: number | null;
  /** The end of the free entry point window Meta reported for this user, if one opened. */
  entry_point_until: number | null;
}

export interface ContactsTable {
  business_id: string;
  wa_id: string;
  profile_name: string;
  updated_at: number;
}

export interface IdempotencyKeysTable {
  business_id: string;
  key: string;
  request_hash: string;
  response: string;
  created_at: number;
}

export interface WabaSubscriptionsTable {
  waba_id: string;
  app_id: string;
  business_id: string;
  override_callback_uri: string | null;
  override_verify_token: string | null;
  created_at: number;
}

export interface NumberWebhookOverridesTable {
  phone_number_id: string;
  business_id: string;
  callback_uri: string;
  verify_token: string;
}

export interface WebhookEventsTable {
  id: string;
  business_id: string;
  app_id: string;
  waba_id: string;
  phone_number_id: string | null;
  field: string;
  url: string;
  body: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  created_at: number;
  delivered_at: number | null;
  /** A pending event's next attempt (clock ms); null while an attempt runs (see `lease_until`) and once final. */
  next_attempt_at: number | null;
  replayed_at: number | null;
  /** While an attempt runs, when its lease ends (wall ms, never the sandbox clock's); null otherwise. */
  lease_until: number | null;
}

export interface WebhookAttemptsTable {
  id: string;
  event_id: string;
  business_id: string;
  attempted_at: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

/** A simulated user in one business's sandbox (migration 024): behaviours never reach across tenants. */
export interface SimUsersTable {
  business_id: string;
  wa_id: string;
  profile_name: string;
  behaviour: string;
  created_at: number;
}

export interface SimMessagesTable {
  id: string;
  phone_number_id: string;
  wa_id: string;
  direction: string;
  type: string;
  content: string;
  status: string;
  biz_opaque_callback_data: string | null;
  created_at: number;
  /** Meta's pricing decision at hand-over, `{pricing, conversation}` as JSON. */
  billing: string | null;
  /** The receipts still to come, `[{status, at, error?, details?}]` as JSON, in time order; null: none. */
  receipt_plan: string | null;
  /** When the next receipt is due (clock ms); null: none to come, or claimed (see `receipt_lease_until`). */
  receipt_due_at: number | null;
  /** While a claim holds the message, when its lease ends (wall ms, never the sandbox clock's); null otherwise. */
  receipt_lease_until: number | null;
}

export interface SimBlocksTable {
  wa_id: string;
  phone_number_id: string;
  created_at: number;
}

export interface SimReportsTable {
  id: string;
  wa_id: string;
  phone_number_id: string;
  reason: string;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface MessagingSchema {
  messages: MessagesTable;
  customer_windows: CustomerWindowsTable;
  contacts: ContactsTable;
  idempotency_keys: IdempotencyKeysTable;
  waba_subscriptions: WabaSubscriptionsTable;
  number_webhook_overrides: NumberWebhookOverridesTable;
  webhook_events: WebhookEventsTable;
  webhook_attempts: WebhookAttemptsTable;
  sim_users: SimUsersTable;
  sim_messages: SimMessagesTable;
  sim_blocks: SimBlocksTable;
  sim_reports: SimReportsTable;
  settings: SettingsTable;
}

export interface MediaTable {
  id: string;
  business_id: string;
  phone_number_id: string;
  mime_type: string;
  /** Hex, as `GET /{media-id}` answers it. */
  sha256: string;
  file_size: number;
  filename: string | null;
  /** 'upload' (a business uploaded it) or 'inbound' (a user sent it). */
  origin: string;
  /** Where the bytes are, relative to `<data dir>/media/`. */
  storage_key: string;
  created_at: number;
  expires_at: number;
  deleted_at: number | null;
}

export interface UploadSessionsTable {
  id: string;
  business_id: string;
  app_id: string;
  file_name: string;
  file_type: string;
  file_length: number;
  /** Bytes received so far; the next chunk must start here. */
  file_offset: number;
  /** Hex, once the file is whole. */
  sha256: string | null;
  /** The `h` answered when the file is whole; what templates and profiles name. */
  handle: string | null;
  public_key: string;
  created_at: number;
  completed_at: number | null;
  expires_at: number;
}

export interface MessageChargesTable {
  message_id: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  wa_id: string;
  template: string | null;
  campaign: string | null;
  country: string;
  market: string;
  pricing_type: string;
  pricing_category: string;
  billable: number;
  rate_category: string | null;
  tier: string | null;
  rule_set: string;
  card_version: string;
  currency: string;
  meta_micros: number;
  markup_micros: number;
  amount_micros: number;
  month: string;
  delivered_at: number;
}

export interface BillingSettingsTable {
  business_id: string;
  markup_fixed_micros: number;
  markup_percent_bp: number;
  budget_micros: number | null;
  budget_warn_percent: number | null;
  warned_month: string | null;
  updated_at: number;
}

export interface BusinessRateCardsTable {
  business_id: string;
  version: string;
  effective_from: string;
  currency: string;
  csv: string;
  created_at: number;
}

export interface SimEntryPointsTable {
  phone_number_id: string;
  wa_id: string;
  referral_at: number | null;
  opened_at: number | null;
  until: number | null;
  conversation_id: string | null;
}

export interface SimServiceCountsTable {
  phone_number_id: string;
  month: string;
  count: number;
}

export interface BillingSchema {
  message_charges: MessageChargesTable;
  billing_settings: BillingSettingsTable;
  business_rate_cards: BusinessRateCardsTable;
  sim_entry_points: SimEntryPointsTable;
  sim_service_counts: SimServiceCountsTable;
}

/** A file on Meta's side (migration 027): the simulator's own record, apart from chatapp's `media`. */
export interface SimMediaTable {
  id: string;
  /** The business whose number uploaded or received it: only that business may send it or see it. */
  business_id: string;
  phone_number_id: string;
  /** 'upload' (a business uploaded it) or 'user' (a simulated user sent it). */
  origin: string;
  mime_type: string;
  /** Hex. */
  sha256: string;
  file_size: number;
  filename: string | null;
  /** Where the bytes are, relative to `<data dir>/sim-media/`; `chatapp:<key>` until adopted from chatapp's folder (migration 027). */
  storage_key: string;
  created_at: number;
  expires_at: number;
  deleted_at: number | null;
}

export interface MediaSchema {
  media: MediaTable;
  upload_sessions: UploadSessionsTable;
  sim_media: SimMediaTable;
}

export interface MessageTemplatesTable {
  id: string;
  business_id: string;
  waba_id: string;
  name: string;
  language: string;
  category: string;
  previous_category: string | null;
  correct_category: string | null;
  parameter_format: string;
  /** JSON: the components as Graph presents them. */
  components: string;
  message_send_ttl_seconds: number | null;
  status: string;
  rejected_reason: string | null;
  /** JSON: `{reason, recommendation}`. */
  rejection_info: string | null;
  quality_score: string;
  quality_updated_at: number | null;
  pause_count: number;
  paused_until: number | null;
  /** JSON: the times of the edits of the last 30 days. */
  edit_times: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  name_held_until: number | null;
}

/**
 * Meta's copy of a template, the simulator's own (migration 026): what it reviews, renders at send,
 * pauses and deletes. chatapp's `message_templates` is a mirror of it, fed by the port and the sink.
 */
export interface SimTemplatesTable {
  id: string;
  waba_id: string;
  name: string;
  language: string;
  category: string;
  parameter_format: string;
  /** JSON: the components as Graph presents them. */
  components: string;
  message_send_ttl_seconds: number | null;
  status: string;
  rejected_reason: string | null;
  quality_score: string;
  pause_count: number;
  paused_until: number | null;
  /** JSON: the times of the edits of the last 30 days (Meta's edit limits count them). */
  edit_times: string;
  /** Set when an approved template is deleted: its name cannot be reused until then. */
  name_held_until: number | null;
  created_at: number;
  updated_at: number;
  /** When the deletion was final (status DELETED). */
  deleted_at: number | null;
}

export interface SimTemplateSendsTable {
  message_id: string;
  template_id: string;
  phone_number_id: string;
  wa_id: string;
  created_at: number;
}

export interface SimTemplateSignalsTable {
  id: string;
  template_id: string;
  wa_id: string;
  kind: string;
  created_at: number;
}

export interface SimVerificationCodesTable {
  id: string;
  phone_number_id: string;
  code: string;
  method: string;
  sent_at: number;
  expires_at: number;
  failed_attempts: number;
  used_at: number | null;
}

export interface SimNumberPinsTable {
  phone_number_id: string;
  pin_hash: string;
  failed_guesses: number;
  locked_until: number | null;
}

export interface TemplatesSchema {
  message_templates: MessageTemplatesTable;
  sim_templates: SimTemplatesTable;
  sim_template_sends: SimTemplateSendsTable;
  sim_template_signals: SimTemplateSignalsTable;
  template_events: TemplateEventsTable;
}

export interface TemplateEventsTable {
  id: string;
  business_id: string;
  template_id: string;
  event: string;
  status: string;
  category: string;
  quality_score: string;
  reason: string | null;
  /** JSON: the change's reasons and figures (src/templates/history.ts). */
  detail: string;
  created_at: number;
}

export interface InboxConversationsTable {
  id: string;
  business_id: string;
  phone_number_id: string;
  wa_id: string;
  status: string;
  assignee_id: string | null;
  snoozed_until: number | null;
  /** Mirrors customer_windows.last_inbound_at, written in the same transaction. */
  last_inbound_at: number | null;
  last_activity_at: number;
  last_message_id: string | null;
  last_preview: string;
  last_direction: string | null;
  unread_count: number;
  revision: number;
  created_at: number;
  updated_at: number;
}

export interface InboxMessageAuthorsTable {
  message_id: string;
  business_id: string;
  member_id: string;
  created_at: number;
}

export interface InboxNotesTable {
  id: string;
  business_id: string;
  conversation_id: string;
  author_id: string;
  body: string;
  created_at: number;
}

export interface InboxMentionsTable {
  note_id: string;
  member_id: string;
  business_id: string;
  conversation_id: string;
  created_at: number;
}

export interface ContactLabelsTable {
  business_id: string;
  wa_id: string;
  label: string;
  created_at: number;
}

export interface CannedRepliesTable {
  id: string;
  business_id: string;
  shortcut: string;
  text: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface InboxSettingsTable {
  business_id: string;
  auto_assign: number;
  last_assigned_id: string | null;
  updated_at: number;
}

export interface InboxSchema {
  inbox_conversations: InboxConversationsTable;
  inbox_message_authors: InboxMessageAuthorsTable;
  inbox_notes: InboxNotesTable;
  inbox_mentions: InboxMentionsTable;
  contact_labels: ContactLabelsTable;
  canned_replies: CannedRepliesTable;
  inbox_settings: InboxSettingsTable;
}

/** The standalone simulator's app, tokens, subscriptions and seed (migration 029). */
export interface SimAppsTable {
  id: string;
  business_id: string;
  name: string;
  /** AES-256-GCM, src/core/secret-box.ts. */
  secret_sealed: string;
  created_at: number;
}

export interface SimAppTokensTable {
  /** SHA-256 of the token: the token itself is never stored. */
  token_hash: string;
  app_id: string;
  business_id: string;
  created_at: number;
}

export interface SimAppSubscriptionsTable {
  app_id: string;
  object: string;
  callback_url: string;
  verify_token_sealed: string;
  /** JSON array of webhook field names. */
  fields: string;
  updated_at: number;
}

export interface SimWabaAppsTable {
  waba_id: string;
  app_id: string;
  override_callback_uri: string | null;
  override_verify_token_sealed: string | null;
  created_at: number;
}

export interface SimSeedsTable {
  name: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  app_id: string;
  verify_token_sealed: string;
  created_at: number;
}

export interface SimAppsSchema {
  sim_apps: SimAppsTable;
  sim_app_tokens: SimAppTokensTable;
  sim_app_subscriptions: SimAppSubscriptionsTable;
  sim_waba_apps: SimWabaAppsTable;
  sim_seeds: SimSeedsTable;
}

export interface MetaLinksTable {
  waba_id: string;
  business_id: string;
  /** AES-256-GCM, src/core/secret-box.ts: the business token that reaches the WABA at Meta. */
  token_sealed: string;
  linked_at: number;
  reconciled_at: number | null;
}

export interface MetaHandoversTable {
  /** chatapp's wamid, which the business holds. */
  wamid: string;
  phone_number_id: string;
  /** Meta's wamid once Meta answered; null while the outcome is unknown. */
  meta_wamid: string | null;
  started_at: number;
  answered_at: number | null;
}

export interface MetaDeliveriesTable {
  /** SHA-256 (hex) of the body Meta posted. */
  id: string;
  body: string;
  received_at: number;
  applied_at: number | null;
}

export interface MetaCloudSchema {
  meta_links: MetaLinksTable;
  meta_handovers: MetaHandoversTable;
  meta_deliveries: MetaDeliveriesTable;
}
