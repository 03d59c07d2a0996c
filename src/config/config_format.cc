// Writes a config back as a commented TOML file: `fiducia config --print-defaults`.
#include <fmt/format.h>

#include <array>
#include <string>

#include "common/time_text.h"
#include "config/config.h"

namespace fiducia {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Quoted(items[i]);
  return out + "]";
}

std::string Clock(std::chrono::minutes m) {
  return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60);
}

std::string Hours(const std::vector<OpeningInterval>& day) {
  std::vector<std::string> ranges;
  for (const auto& i : day) ranges.push_back(Clock(i.start) + "-" + Clock(i.end));
  return List(ranges);
}

std::string ExtraHolidays(const HolidaySet& h, bool preset_it) {
  std::vector<std::string> days;
  const HolidaySet it = HolidaySet::ItalianNational();
  for (const auto& md : h.recurring()) {
    if (preset_it && it.recurring().count(md)) continue;
    days.push_back(fmt::format("{:02}-{:02}", static_cast<unsigned>(md.month()),
                               static_cast<unsigned>(md.day())));
  }
  for (const auto& d : h.dates()) {
    const date::year_month_day ymd{d};
    days.push_back(fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                               static_cast<unsigned>(ymd.month()),
                               static_cast<unsigned>(ymd.day())));
  }
  return List(days);
}

std::string CalendarSection(const BusinessCalendar& cal) {
  const bool preset_it = cal.holidays().easter_monday();
  std::string out = fmt::format(
      "[calendar]\n"
      "# IANA time zone of the opening hours and of day-by-day groupings.\n"
      "time_zone = {}\n"
      "# \"IT\": the Italian national holidays (Easter Monday computed); \"none\": no preset.\n"
      "holidays = {}\n"
      "# More closed days: \"2026-12-07\" (one date) or \"08-16\" (every year).\n"
      "extra_holidays = {}\n\n"
      "[calendar.hours]\n"
      "# Opening hours per weekday, local time; split shifts as several ranges.\n",
      Quoted(cal.time_zone_name()), Quoted(preset_it ? "IT" : "none"),
      ExtraHolidays(cal.holidays(), preset_it));
  for (size_t i = 1; i <= 7; ++i) {
    const size_t day = i % 7;  // Monday first, Sunday last
    out += fmt::format("{} = {}\n", kWeekdays[day], Hours(cal.week().days[day]));
  }
  return out;
}

std::string TargetsSection(const TimingPolicy& t) {
  std::string out =
      "[targets]\n"
      "# First and next reply targets per channel, in business time (\"8h\", \"15m\", "
      "\"2h30m\").\n";
  for (size_t c = 0; c < kChannelCount; ++c) {
    if (static_cast<Channel>(c) == Channel::kPhone) continue;
    out += fmt::format("{} = {}\n", ToString(static_cast<Channel>(c)),
                       Quoted(FormatDuration(t.reply_target[c])));
  }
  out += fmt::format("# A missed call waits this long for a call back.\nmissed_call = {}\n",
                     Quoted(FormatDuration(t.call_back_target)));
  return out;
}

std::string SourcesSection(const SourceSettings& s) {
  const CallLogColumns& c = s.call_log;
  return fmt::format(
      "\n[sources]\n"
      "# Exports that write local times without an offset (WhatsApp chats, call logs) are read in\n"
      "# this IANA time zone.\n"
      "time_zone = {}\n\n"
      "[sources.call_log]\n"
      "# The header names of a call log CSV's columns. start: RFC 3339 or local \"YYYY-MM-DD "
      "HH:MM\";\n"
      "# duration: seconds or H:MM:SS; an empty agent or a missed outcome is a missed call.\n"
      "caller = {}\nagent = {}\nstart = {}\nduration = {}\noutcome = {}\nnotes = {}\n"
      "direction = {}\nmissed_outcomes = {}\n\n"
      "[sources.email]\n"
      "# A company mail's agent is the person in the sender's display name: the first group of\n"
      "# this pattern (ECMAScript), \"Emma\" of \"Emma - Assistenza Clienti\". A name with one of\n"
      "# the shared_names words, a company name or none at all leaves the sender's address.\n"
      "agent_name = {}\nshared_names = {}\n",
      Quoted(s.time_zone), Quoted(c.caller), Quoted(c.agent), Quoted(c.start), Quoted(c.duration),
      Quoted(c.outcome), Quoted(c.notes), Quoted(c.direction), List(c.missed_outcomes),
      Quoted(s.email.agent_name), List(s.email.shared_names));
}

}  // namespace

// [[serve.mailbox]]: each configured mailbox, or an example to fill in.
std::string FormatMailboxes(const std::vector<MailboxSettings>& mailboxes) {
  std::string out =
      "\n# fiducia serve reads support mailboxes live over IMAP: customers' messages from the "
      "inbox,\n"
      "# the team's answers from the sent folder (IDLE, else a poll every poll_every). imaps://\n"
      "# only (plain imap:// on loopback); ca_file: the CA certificates (PEM) trusted instead\n"
      "# of the system's store, for a server whose certificate is self-signed or private.\n"
      "# The password, or better the environment variable holding it (password_env); it is\n"
      "# never logged. The mailbox's address is the company's.\n";
  if (mailboxes.empty()) {
    return out +
           "# [[serve.mailbox]]\n"
           "# name = \"assistenza\"\n"
           "# url = \"imaps://imap.example.it\"\n"
           "# ca_file = \"\"\n"
           "# user = \"assistenza@example.it\"\n"
           "# password_env = \"FIDUCIA_IMAP_PASSWORD\"\n"
           "# inbox = \"INBOX\"\n"
           "# sent = \"Sent\"\n"
           "# address = \"\"\n"
           "# workspace = \"default\"\n"
           "# poll_every = \"1m\"\n";
  }
  for (const MailboxSettings& m : mailboxes) {
    out += fmt::format("[[serve.mailbox]]\nname = {}\nurl = {}\nca_file = {}\nuser = {}\n",
                       Quoted(m.name), Quoted(m.url), Quoted(m.ca_file), Quoted(m.user));
    out += m.password_env.empty() ? fmt::format("password = {}\n", Quoted(m.password))
                                  : fmt::format("password_env = {}\n", Quoted(m.password_env));
    out += fmt::format("inbox = {}\nsent = {}\naddress = {}\nworkspace = {}\npoll_every = {}\n",
                       Quoted(m.inbox), Quoted(m.sent), Quoted(m.address), Quoted(m.workspace),
                       Quoted(FormatDuration(m.poll_every)));
  }
  return out;
}

std::string FormatConfig(const Config& config) {
  const AuditPolicy& c = config.audit;
  std::string out =
      "# fiducia configuration. Every key is optional: a missing one keeps the value shown "
      "here.\n\n";
  out += CalendarSection(c.calendar) + "\n" + TargetsSection(c.timing);
  out += fmt::format(
      "\n[rules]\n"
      "# A customer writing again this long (business time) after a waiting request is chasing "
      "it.\n"
      "chaser_min_gap = {}\n"
      "# agent_strain: calls at least this long, with a hostile customer, this many in a day.\n"
      "strain_call = {}\n"
      "strain_calls = {}\n"
      "# volume_spike: an hour's inbound messages at least spike_ratio times and spike_min_excess\n"
      "# more than the median of that hour over at least spike_min_days previous business days.\n"
      "spike_ratio = {}\n"
      "spike_min_excess = {}\n"
      "spike_min_days = {}\n\n"
      "[threading]\n"
      "# Events without a conversation id join the customer's open case within this calendar "
      "time.\n"
      "inactivity_gap = {}\n\n"
      "[company]\n"
      "# Who the company is, for exports that do not say it (WhatsApp chats, mailboxes, call "
      "logs).\n"
      "names = {}\n"
      "handles = {}\n"
      "domains = {}\n\n"
      "[report]\n"
      "# \"it\" or \"en\"; empty: --lang, else the LANG of the environment.\n"
      "lang = {}\n"
      "# Region of phone numbers written without a country code (ISO 3166).\n"
      "phone_region = {}\n",
      Quoted(FormatDuration(c.timing.chaser_min_gap)), Quoted(FormatDuration(c.team.long_call)),
      c.team.strained_calls, c.team.spike_ratio, c.team.spike_min_excess, c.team.spike_min_days,
      Quoted(FormatDuration(c.threading.inactivity_gap)), List(c.sources.company.names),
      List(c.sources.company.handles), List(c.sources.company.domains), Quoted(config.lang),
      Quoted(c.phone_region));
  out += fmt::format(
      "\n[alerts]\n"
      "# fiducia serve: Slack-compatible incoming webhooks, and generic JSON webhooks.\n"
      "slack = {}\n"
      "webhooks = {}\n"
      "# Warn when a waiting request has used this share of its target; alert at the target.\n"
      "warn_at = {}\n"
      "# How often the server looks for what has come due (it also wakes at the next one).\n"
      "check_every = {}\n"
      "# What came due longer ago than this when first judged is history: counted, not sent.\n"
      "backlog = {}\n",
      List(config.alerts.slack), List(config.alerts.webhooks), config.alerts.warn_at,
      Quoted(FormatDuration(config.alerts.check_every)),
      Quoted(FormatDuration(config.alerts.backlog)));
  out += fmt::format(
      "\n[serve]\n"
      "# fiducia serve: bodies larger than this are answered 413.\n"
      "max_body_bytes = {}\n"
      "# A token bucket per API token (per client address for requests without one): this many\n"
      "# requests a second, up to rate_burst at once; beyond, 429 with Retry-After. 0: no limit.\n"
      "rate_per_second = {}\n"
      "rate_burst = {}\n",
      config.serve.max_body_bytes, config.serve.rate_per_second, config.serve.rate_burst);
  out += FormatMailboxes(config.mailboxes);
  const WebhookSecrets& w = config.webhooks;
  out += fmt::format(
      "\n[webhooks]\n"
      "# fiducia serve's webhook adapters check each body's signature with these secrets; a\n"
      "# source whose secret is empty gets 401. Keep this file readable by the server only.\n"
      "# WhatsApp Cloud API (POST /v1/webhooks/whatsapp): the Meta app secret, and the verify\n"
      "# token typed into the webhook set-up (GET /v1/webhooks/whatsapp echoes hub.challenge).\n"
      "whatsapp_app_secret = {}\n"
      "whatsapp_verify_token = {}\n"
      "# Twilio WhatsApp (POST /v1/webhooks/twilio): the account's auth token, and the webhook "
      "URL\n"
      "# exactly as configured in Twilio (the signature covers it; proxies change what we see).\n"
      "twilio_auth_token = {}\n"
      "twilio_url = {}\n"
      "# Zendesk (POST /v1/webhooks/zendesk): the webhook's signing secret; signatures whose\n"
      "# timestamp is older (or further ahead) than max_age are refused (replays).\n"
      "zendesk_secret = {}\n"
      "max_age = {}\n",
      Quoted(w.whatsapp_app_secret), Quoted(w.whatsapp_verify_token), Quoted(w.twilio_auth_token),
      Quoted(w.twilio_url), Quoted(w.zendesk_secret), Quoted(FormatDuration(w.max_age)));
  out += fmt::format(
      "\n[limits]\n"
      "# Events are dated from earliest (included) to latest (excluded): an event outside is a "
      "bad\n"
      "# record, an --as-of outside a usage error. Dates from {}-01-01 to {}-01-01.\n"
      "earliest = {}\n"
      "latest = {}\n"
      "# Bytes of one message's text that are analysed (the rest is kept, not read for cues).\n"
      "text_bytes = {}\n"
      "# Bytes one archive member (a WhatsApp .zip's chat) may expand to; past it, a bad record.\n"
      "member_bytes = {}\n"
      "# Records read from one input file; past it the rest of the file is skipped and reported.\n"
      "records_per_input = {}\n",
      InputLimits::kFirstYear, InputLimits::kLastYear + 1,
      Quoted(date::format("%F", date::floor<date::days>(c.limits.earliest))),
      Quoted(date::format("%F", date::floor<date::days>(c.limits.latest))), c.limits.text_bytes,
      c.limits.member_bytes, c.limits.records_per_input);
  return out + SourcesSection(c.sources) +
         "\n# Cue lists: add or remove phrases of data/lexicons per language and class, e.g.\n"
         "# [cues.it.add]\n# apology = [\"ci scusiamo tanto\"]\n"
         "# [cues.en.remove]\n# refusal = [\"not possible\"]\n";
}

}  // namespace fiducia
