/**
 * Meta `timezone_id` numbers (a WABA's `timezone_id`, same list as ad accounts) to IANA zone names.
 * Source: Meta Marketing API reference, "Ad Account Timezone IDs"
 * (developers.facebook.com/docs/marketing-api/reference/ad-account/timezone-ids; v17.0 copy read
 * for ids 0-53, a v24.0 transcription in a public repository for 54-142; read 2026-11-26). Meta's
 * names are TZ_ + the IANA name upper-cased, so each entry is that name with its IANA spelling.
 *
 * Unknown ids, and 0 (TZ_UNKNOWN), fall back to UTC: billing then counts months and switches rates
 * at UTC midnight, which is wrong by hours for that WABA; `isKnownMetaTimezone` lets a caller warn.
 */
const IANA_BY_META_ID: readonly string[] = [
  'UTC', 'America/Los_Angeles', 'America/Denver', 'Pacific/Honolulu', 'America/Anchorage', 'America/Phoenix', // 0-5
  'America/Chicago', 'America/New_York', 'Asia/Dubai', 'America/Argentina/San_Luis', 'America/Argentina/Buenos_Aires', // 6-10
  'America/Argentina/Salta', 'Europe/Vienna', 'Australia/Perth', 'Australia/Broken_Hill', 'Australia/Sydney', // 11-15
  'Europe/Sarajevo', 'Asia/Dhaka', 'Europe/Brussels', 'Europe/Sofia', 'Asia/Bahrain', // 16-20
  'America/La_Paz', 'America/Noronha', 'America/Campo_Grande', 'America/Belem', 'America/Sao_Paulo', // 21-25
  'America/Nassau', 'America/Dawson', 'America/Vancouver', 'America/Dawson_Creek', 'America/Edmonton', // 26-30
  'America/Rainy_River', 'America/Regina', 'America/Atikokan', 'America/Iqaluit', 'America/Toronto', // 31-35
  'America/Blanc-Sablon', 'America/Halifax', 'America/St_Johns', 'Europe/Zurich', 'Pacific/Easter', // 36-40
  'America/Santiago', 'Asia/Shanghai', 'America/Bogota', 'America/Costa_Rica', 'Asia/Nicosia', // 41-45
  'Europe/Prague', 'Europe/Berlin', 'Europe/Copenhagen', 'America/Santo_Domingo', 'Pacific/Galapagos', // 46-50
  'America/Guayaquil', 'Europe/Tallinn', 'Africa/Cairo', 'Atlantic/Canary', 'Europe/Madrid', // 51-55
  'Europe/Helsinki', 'Europe/Paris', 'Europe/London', 'Africa/Accra', 'Europe/Athens', // 56-60
  'America/Guatemala', 'Asia/Hong_Kong', 'America/Tegucigalpa', 'Europe/Zagreb', 'Europe/Budapest', // 61-65
  'Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Europe/Dublin', 'Asia/Jerusalem', // 66-70
  'Asia/Kolkata', 'Asia/Baghdad', 'Atlantic/Reykjavik', 'Europe/Rome', 'America/Jamaica', // 71-75
  'Asia/Amman', 'Asia/Tokyo', 'Africa/Nairobi', 'Asia/Seoul', 'Asia/Kuwait', // 76-80
  'Asia/Beirut', 'Asia/Colombo', 'Europe/Vilnius', 'Europe/Luxembourg', 'Europe/Riga', // 81-85
  'Africa/Casablanca', 'Europe/Skopje', 'Europe/Malta', 'Indian/Mauritius', 'Indian/Maldives', // 86-90
  'America/Tijuana', 'America/Hermosillo', 'America/Mazatlan', 'America/Mexico_City', 'Asia/Kuala_Lumpur', // 91-95
  'Africa/Lagos', 'America/Managua', 'Europe/Amsterdam', 'Europe/Oslo', 'Pacific/Auckland', // 96-100
  'Asia/Muscat', 'America/Panama', 'America/Lima', 'Asia/Manila', 'Asia/Karachi', // 101-105
  'Europe/Warsaw', 'America/Puerto_Rico', 'Asia/Gaza', 'Atlantic/Azores', 'Europe/Lisbon', // 106-110
  'America/Asuncion', 'Asia/Qatar', 'Europe/Bucharest', 'Europe/Belgrade', 'Europe/Kaliningrad', // 111-115
  'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk', 'Asia/Krasnoyarsk', // 116-120
  'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka', // 121-125
  'Asia/Anadyr', 'Asia/Riyadh', 'Asia/Singapore', 'Africa/Johannesburg', 'Europe/Stockholm', // 126-130
  'Asia/Taipei', 'Africa/Dar_es_Salaam', 'Asia/Bangkok', 'Africa/Tunis', 'Europe/Istanbul', // 131-135
  'America/Montevideo', 'America/Caracas', 'Asia/Ho_Chi_Minh', 'Africa/Kinshasa', 'Africa/Lubumbashi', // 136-140
  'Africa/Harare', 'Africa/Lusaka', // 141-142
];

const toIndex = (timezoneId: string | number): number | undefined => {
  const text = String(timezoneId).trim();
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const index = Number(text);
  return index >= 1 && index < IANA_BY_META_ID.length ? index : undefined;
};

/** Whether Meta's `timezone_id` is one this table maps (0, TZ_UNKNOWN, is not). */
export const isKnownMetaTimezone = (timezoneId: string | number): boolean => toIndex(timezoneId) !== undefined;

/** The IANA zone of a Meta `timezone_id` (`'1'` → `America/Los_Angeles`); unknown ids give `UTC`. */
export function ianaTimeZoneFor(timezoneId: string | number): string {
  const index = toIndex(timezoneId);
  return index === undefined ? 'UTC' : IANA_BY_META_ID[index]!;
}

/** Every mapped pair, for tests and for a console picker. */
export const metaTimezones = (): readonly { id: string; iana: string }[] =>
  IANA_BY_META_ID.map((iana, id) => ({ id: String(id), iana })).slice(1);
