#include "config/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include "common/time_text.h"
#include "sources/agent_name.h"

namespace fiducia {
namespace {

using std::chrono::seconds;

constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

// Reads one TOML document into a Config, stopping at the first problem, which it words as
// "source:line: key: what is wrong".
class ConfigReader {
 public:
  ConfigReader(const toml::table& root, std::string_view source) : root_(root), source_(source) {}

  Result<Config> Read() {
    Config config;
    if (!Known(root_, "",
               {"calendar", "targets", "rules", "threading", "company", "sources", "cues", "report",
                "alerts", "serve", "webhooks", "limits"})) {
      return error_;
    }
    AuditPolicy& audit = config.audit;
    if (!ReadCalendar(audit) || !ReadTargets(audit.timing) || !ReadRules(audit) ||
        !ReadCompany(audit.sources.company) || !ReadSources(audit.sources) || !ReadCues(audit) ||
        !ReadReport(config) || !ReadAlerts(config.alerts) ||
        !ReadServe(config.serve, config.mailboxes) || !ReadWebhooks(config.webhooks) ||
        !ReadLimits(audit.limits)) {
      return error_;
    }
    return config;
  }

 private:
  bool Fail(const toml::node* node, std::string_view key, std::string_view what) {
    const auto line = node ? node->source().begin.line : 0;
    error_ = Status::Usage(line ? fmt::format("{}:{}: {}: {}", source_, line, key, what)
                                : fmt::format("{}: {}: {}", source_, key, what));
    return false;
  }

  bool Known(const toml::table& table, std::string_view prefix,
             std::initializer_list<std::string_view> keys) {
    for (const auto& [key, node] : table) {
      bool known = false;
      for (auto k : keys) known = known || k == key.str();
      if (!known) return Fail(&node, fmt::format("{}{}", prefix, key.str()), "unknown key");
    }
    return true;
  }

  const toml::table* Table(const toml::table& parent, std::string_view key, std::string_view name) {
    const toml::node* node = parent.get(key);
    if (!node) return &empty_;
    if (!node->is_table()) return Fail(node, name, "must be a table"), nullptr;
    return node->as_table();
  }

  bool String(const toml::table& t, std::string_view key, std::string_view name, std::string& out) {
    const toml::node* node = t.get(key);
    if (!node) return true;
    if (!node->is_string()) return Fail(node, name, "must be a string");
    out = node->as_string()->get();
    return true;
  }

  bool Strings(const toml::table& t, std::string_view key, std::string_view name,
               std::vector<std::string>& out) {
    const toml::node* node = t.get(key);
    if (!node) return true;
    if (!node->is_array()) return Fail(node, name, "must be an array of strings");
    out.clear();
    for (const auto& item : *node->as_array()) {
      if (!item.is_string()) return Fail(&item, name, "must be an array of strings");
      out.push_back(item.as_string()->get());
    }
    return true;
  }

  bool Duration(const toml::table& t, std::string_view key, std::string_view name, seconds& out) {
    std::string text;
    if (!t.get(key)) return true;
    if (!String(t, key, name, text)) return false;
    auto d = ParseDuration(text);
    if (!d.ok()) return Fail(t.get(key), name, d.status().message());
    out = *d;
    return true;
  }

  // A number within [low, high].
  template <typename T>
  bool Number(const toml::table& t, std::string_view key, std::string_view name, T low, T high,
              T& out) {
    const toml::node* node = t.get(key);
    if (!node) return true;
    std::optional<double> v = node->value<double>();
    // Written so that NaN, which compares false with everything, fails it too.
    if (!v || !(*v >= static_cast<double>(low) && *v <= static_cast<double>(high))) {
      return Fail(node, name, fmt::format("must be a number from {} to {}", low, high));
    }
    out = static_cast<T>(*v);
    return true;
  }

  bool ReadTeam(const toml::table& rules, TeamPolicy& team) {
    return Duration(rules, "strain_call", "rules.strain_call", team.long_call) &&
           Number(rules, "strain_calls", "rules.strain_calls", 1, 100, team.strained_calls) &&
           Number(rules, "spike_ratio", "rules.spike_ratio", 1.0, 100.0, team.spike_ratio) &&
           Number(rules, "spike_min_excess", "rules.spike_min_excess", 1, 100000,
                  team.spike_min_excess) &&
           Number(rules, "spike_min_days", "rules.spike_min_days", 1, 365, team.spike_min_days);
  }

  bool ReadCalendar(AuditPolicy& audit) {
    const toml::table* cal = Table(root_, "calendar", "calendar");
    if (!cal || !Known(*cal, "calendar.", {"time_zone", "holidays", "extra_holidays", "hours"})) {
      return false;
    }
    std::string zone(audit.calendar.time_zone_name());
    WeekSchedule week = audit.calendar.week();
    HolidaySet holidays = audit.calendar.holidays();
    if (!String(*cal, "time_zone", "calendar.time_zone", zone) || !ReadHours(*cal, week) ||
        !ReadHolidays(*cal, holidays)) {
      return false;
    }
    auto calendar = BusinessCalendar::Create(zone, std::move(week), std::move(holidays));
    if (!calendar.ok()) return Fail(cal->get("time_zone"), "calendar", calendar.status().message());
    audit.calendar = std::move(calendar).value();
    return true;
  }

  bool ReadHours(const toml::table& cal, WeekSchedule& week) {
    const toml::table* hours = Table(cal, "hours", "calendar.hours");
    if (!hours) return false;
    for (const auto& [key, node] : *hours) {
      size_t day = 0;
      while (day < kWeekdays.size() && kWeekdays[day] != key.str()) ++day;
      const std::string name = fmt::format("calendar.hours.{}", key.str());
      if (day == kWeekdays.size()) return Fail(&node, name, "unknown key (use monday … sunday)");
      std::vector<std::string> ranges;
      if (!Strings(*hours, key.str(), name, ranges)) return false;
      week.days[day].clear();
      for (const auto& r : ranges) {
        auto interval = WeekSchedule::ParseInterval(r);
        if (!interval.ok()) return Fail(&node, name, interval.status().message());
        week.days[day].push_back(*interval);
      }
    }
    const Status valid = week.Validate();
    return valid.ok() || Fail(hours, "calendar.hours", valid.message());
  }

  bool ReadHolidays(const toml::table& cal, HolidaySet& holidays) {
    std::string preset = "IT";
    std::vector<std::string> extra;
    if (!String(cal, "holidays", "calendar.holidays", preset) ||
        !Strings(cal, "extra_holidays", "calendar.extra_holidays", extra)) {
      return false;
    }
    if (preset == "IT") {
      holidays = HolidaySet::ItalianNational();
    } else if (preset == "none") {
      holidays = HolidaySet();
    } else {
      return Fail(cal.get("holidays"), "calendar.holidays", "must be \"IT\" or \"none\"");
    }
    for (const auto& day : extra) {
      if (!AddHoliday(day, holidays)) {
        return Fail(cal.get("extra_holidays"), "calendar.extra_holidays",
                    fmt::format("'{}' is neither YYYY-MM-DD nor MM-DD", day));
      }
    }
    return true;
  }

  static bool Whole(std::string_view s, auto& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  }

  // "YYYY-MM-DD", a valid day.
  static std::optional<date::year_month_day> ParseDay(std::string_view text) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Whole(text.substr(0, 4), y) ||
        !Whole(text.substr(5, 2), m) || !Whole(text.substr(8, 2), d)) {
      return std::nullopt;
    }
    const date::year_month_day ymd{date::year(y), date::month(m), date::day(d)};
    return ymd.ok() ? std::optional(ymd) : std::nullopt;
  }

  static bool AddHoliday(std::string_view text, HolidaySet& holidays) {
    if (const auto day = ParseDay(text)) {
      holidays.AddDate(*day);
      return true;
    }
    unsigned m = 0, d = 0;
    if (text.size() == 5 && text[2] == '-' && Whole(text.substr(0, 2), m) &&
        Whole(text.substr(3, 2), d)) {
      const date::month_day md{date::month(m), date::day(d)};
      if (!md.ok()) return false;
      holidays.AddRecurring(md);
      return true;
    }
    return false;
  }

  bool ReadTargets(TimingPolicy& timing) {
    const toml::table* targets = Table(root_, "targets", "targets");
    if (!targets) return false;
    for (const auto& [key, node] : *targets) {
      const std::string name = fmt::format("targets.{}", key.str());
      if (key.str() == "missed_call") {
        if (!Duration(*targets, key.str(), name, timing.call_back_target)) return false;
        continue;
      }
      auto channel = ParseChannel(key.str());
      if (!channel) return Fail(&node, name, "unknown channel (or missed_call)");
      if (!Duration(*targets, key.str(), name,
                    timing.reply_target[static_cast<size_t>(*channel)])) {
        return false;
      }
    }
    return true;
  }

  bool ReadRules(AuditPolicy& audit) {
    const toml::table* rules = Table(root_, "rules", "rules");
    const toml::table* threading = Table(root_, "threading", "threading");
    return rules && threading &&
           Known(*rules, "rules.",
                 {"chaser_min_gap", "strain_call", "strain_calls", "spike_ratio",
                  "spike_min_excess", "spike_min_days"}) &&
           ReadTeam(*rules, audit.team) && Known(*threading, "threading.", {"inactivity_gap"}) &&
           Duration(*rules, "chaser_min_gap", "rules.chaser_min_gap",
                    audit.timing.chaser_min_gap) &&
           Duration(*threading, "inactivity_gap", "threading.inactivity_gap",
                    audit.threading.inactivity_gap);
  }

  bool ReadAlerts(AlertPolicy& alerts) {
    const toml::table* t = Table(root_, "alerts", "alerts");
    return t && Known(*t, "alerts.", {"slack", "webhooks", "warn_at", "check_every", "backlog"}) &&
           Strings(*t, "slack", "alerts.slack", alerts.slack) &&
           Strings(*t, "webhooks", "alerts.webhooks", alerts.webhooks) &&
           Number(*t, "warn_at", "alerts.warn_at", 0.1, 1.0, alerts.warn_at) &&
           Duration(*t, "check_every", "alerts.check_every", alerts.check_every) &&
           AtLeast(*t, "check_every", "alerts.check_every", alerts.check_every,
                   AlertPolicy::kMinCheckEvery) &&
           Duration(*t, "backlog", "alerts.backlog", alerts.backlog);
  }

  // A duration read must be at least `low`: "0s" for the alert loop's period made it spin.
  bool AtLeast(const toml::table& t, std::string_view key, std::string_view name, seconds value,
               seconds low) {
    if (value >= low) return true;
    return Fail(t.get(key), name, fmt::format("must be at least {}", FormatDuration(low)));
  }

  bool ReadServe(ServeLimits& serve, std::vector<MailboxSettings>& mailboxes) {
    const toml::table* t = Table(root_, "serve", "serve");
    return t &&
           Known(*t, "serve.", {"max_body_bytes", "rate_per_second", "rate_burst", "mailbox"}) &&
           Number(*t, "max_body_bytes", "serve.max_body_bytes", size_t{1024}, size_t{1} << 30,
                  serve.max_body_bytes) &&
           Number(*t, "rate_per_second", "serve.rate_per_second", 0.0, 1e6,
                  serve.rate_per_second) &&
           Number(*t, "rate_burst", "serve.rate_burst", 1.0, 1e6, serve.rate_burst) &&
           ReadMailboxes(*t, mailboxes);
  }

  // [[serve.mailbox]]: the live mailboxes (src/mailbox checks the URL when serve starts).
  bool ReadMailboxes(const toml::table& serve, std::vector<MailboxSettings>& out) {
    const toml::node* node = serve.get("mailbox");
    if (!node) return true;
    const toml::array* array = node->as_array();
    if (!array) return Fail(node, "serve.mailbox", "must be [[serve.mailbox]] tables");
    for (const toml::node& item : *array) {
      const toml::table* t = item.as_table();
      if (!t) return Fail(&item, "serve.mailbox", "must be [[serve.mailbox]] tables");
      MailboxSettings m;
      if (!Known(*t, "serve.mailbox.",
                 {"name", "url", "ca_file", "user", "password", "password_env", "inbox", "sent",
                  "address", "workspace", "poll_every"}) ||
          !String(*t, "name", "serve.mailbox.name", m.name) ||
          !String(*t, "url", "serve.mailbox.url", m.url) ||
          !String(*t, "ca_file", "serve.mailbox.ca_file", m.ca_file) ||
          !String(*t, "user", "serve.mailbox.user", m.user) ||
          !String(*t, "password", "serve.mailbox.password", m.password) ||
          !String(*t, "password_env", "serve.mailbox.password_env", m.password_env) ||
          !String(*t, "inbox", "serve.mailbox.inbox", m.inbox) ||
          !String(*t, "sent", "serve.mailbox.sent", m.sent) ||
          !String(*t, "address", "serve.mailbox.address", m.address) ||
          !String(*t, "workspace", "serve.mailbox.workspace", m.workspace) ||
          !Duration(*t, "poll_every", "serve.mailbox.poll_every", m.poll_every) ||
          !AtLeast(*t, "poll_every", "serve.mailbox.poll_every", m.poll_every, seconds(1))) {
        return false;
      }
      if (m.url.empty() || m.user.empty()) {
        return Fail(&item, "serve.mailbox", "needs url and user");
      }
      if (m.password.empty() == m.password_env.empty()) {
        return Fail(&item, "serve.mailbox", "needs password or password_env (one of them)");
      }
      if (m.workspace.empty()) return Fail(&item, "serve.mailbox.workspace", "must not be empty");
      out.push_back(std::move(m));
    }
    return true;
  }

  // "YYYY-MM-DD" within the years the business calendar covers: midnight UTC of that day.
  bool Day(const toml::table& t, std::string_view key, std::string_view name, Instant& out) {
    std::string text;
    if (!t.get(key)) return true;
    if (!String(t, key, name, text)) return false;
    const std::optional<date::year_month_day> day = ParseDay(text);
    if (!day || day->year() < date::year{InputLimits::kFirstYear} ||
        *day > date::year{InputLimits::kLastYear + 1} / 1 / 1) {
      return Fail(t.get(key), name,
                  fmt::format("must be a date YYYY-MM-DD from {}-01-01 to {}-01-01",
                              InputLimits::kFirstYear, InputLimits::kLastYear + 1));
    }
    out = Instant{date::sys_days{*day}};
    return true;
  }

  bool ReadLimits(InputLimits& limits) {
    const toml::table* t = Table(root_, "limits", "limits");
    if (!t ||
        !Known(*t, "limits.",
               {"earliest", "latest", "text_bytes", "member_bytes", "records_per_input"}) ||
        !Day(*t, "earliest", "limits.earliest", limits.earliest) ||
        !Day(*t, "latest", "limits.latest", limits.latest) ||
        !Number(*t, "text_bytes", "limits.text_bytes", size_t{256}, size_t{64} << 20,
                limits.text_bytes) ||
        !Number(*t, "member_bytes", "limits.member_bytes", uint64_t{1} << 10, uint64_t{1} << 40,
                limits.member_bytes) ||
        !Number(*t, "records_per_input", "limits.records_per_input", uint64_t{1}, uint64_t{1} << 40,
                limits.records_per_input)) {
      return false;
    }
    if (limits.earliest >= limits.latest) {
      return Fail(t->get("latest"), "limits.latest", "must come after limits.earliest");
    }
    return true;
  }

  bool ReadWebhooks(WebhookSecrets& w) {
    const toml::table* t = Table(root_, "webhooks", "webhooks");
    return t &&
           Known(*t, "webhooks.",
                 {"whatsapp_app_secret", "whatsapp_verify_token", "twilio_auth_token", "twilio_url",
                  "zendesk_secret", "max_age"}) &&
           String(*t, "whatsapp_app_secret", "webhooks.whatsapp_app_secret",
                  w.whatsapp_app_secret) &&
           String(*t, "whatsapp_verify_token", "webhooks.whatsapp_verify_token",
                  w.whatsapp_verify_token) &&
           String(*t, "twilio_auth_token", "webhooks.twilio_auth_token", w.twilio_auth_token) &&
           String(*t, "twilio_url", "webhooks.twilio_url", w.twilio_url) &&
           String(*t, "zendesk_secret", "webhooks.zendesk_secret", w.zendesk_secret) &&
           Duration(*t, "max_age", "webhooks.max_age", w.max_age);
  }

  bool ReadCompany(CompanyDirectory& company) {
    const toml::table* t = Table(root_, "company", "company");
    return t && Known(*t, "company.", {"names", "handles", "domains"}) &&
           Strings(*t, "names", "company.names", company.names) &&
           Strings(*t, "handles", "company.handles", company.handles) &&
           Strings(*t, "domains", "company.domains", company.domains);
  }

  bool ReadSources(SourceSettings& sources) {
    const toml::table* t = Table(root_, "sources", "sources");
    if (!t || !Known(*t, "sources.", {"time_zone", "call_log", "email"}) ||
        !String(*t, "time_zone", "sources.time_zone", sources.time_zone)) {
      return false;
    }
    if (!BusinessCalendar::Create(sources.time_zone, WeekSchedule::OfficeHours(), {}).ok()) {
      return Fail(t->get("time_zone"), "sources.time_zone",
                  fmt::format("unknown time zone '{}'", sources.time_zone));
    }
    return ReadCallLog(*t, sources.call_log) && ReadEmail(*t, sources);
  }

  // [sources.email]: how a company mail names its agent; the pattern is compiled here so that a
  // bad one is an error of the config, with its line.
  bool ReadEmail(const toml::table& sources, SourceSettings& settings) {
    const toml::table* t = Table(sources, "email", "sources.email");
    EmailAgentSettings& e = settings.email;
    if (!t || !Known(*t, "sources.email.", {"agent_name", "shared_names"}) ||
        !String(*t, "agent_name", "sources.email.agent_name", e.agent_name) ||
        !Strings(*t, "shared_names", "sources.email.shared_names", e.shared_names)) {
      return false;
    }
    if (auto namer = AgentNamer::Create(e, settings.company.names); !namer.ok()) {
      return Fail(t->get("agent_name"), "sources.email.agent_name",
                  std::string(namer.status().message()));
    }
    return true;
  }

  bool ReadCallLog(const toml::table& sources, CallLogColumns& c) {
    const toml::table* t = Table(sources, "call_log", "sources.call_log");
    return t &&
           Known(*t, "sources.call_log.",
                 {"caller", "agent", "start", "duration", "outcome", "notes", "direction",
                  "missed_outcomes"}) &&
           String(*t, "caller", "sources.call_log.caller", c.caller) &&
           String(*t, "agent", "sources.call_log.agent", c.agent) &&
           String(*t, "start", "sources.call_log.start", c.start) &&
           String(*t, "duration", "sources.call_log.duration", c.duration) &&
           String(*t, "outcome", "sources.call_log.outcome", c.outcome) &&
           String(*t, "notes", "sources.call_log.notes", c.notes) &&
           String(*t, "direction", "sources.call_log.direction", c.direction) &&
           Strings(*t, "missed_outcomes", "sources.call_log.missed_outcomes", c.missed_outcomes);
  }

  // [cues.it.add] apology = ["…"], [cues.en.remove] refusal = ["…"]: the user's changes to the
  // built-in lists, applied before the database is compiled.
  bool ReadCues(AuditPolicy& audit) {
    const toml::table* cues = Table(root_, "cues", "cues");
    if (!cues || !Known(*cues, "cues.", {"it", "en"})) return false;
    std::vector<CuePhrase> add, remove;
    for (const auto& [code, language] :
         {std::pair{"it", TextLanguage::kItalian}, std::pair{"en", TextLanguage::kEnglish}}) {
      const toml::table* lang = Table(*cues, code, fmt::format("cues.{}", code));
      if (!lang || !Known(*lang, fmt::format("cues.{}.", code), {"add", "remove"}) ||
          !ReadCueChanges(*lang, "add", code, language, add) ||
          !ReadCueChanges(*lang, "remove", code, language, remove)) {
        return false;
      }
    }
    if (add.empty() && remove.empty()) return true;
    auto matcher = CueMatcher::Compile(ApplyCueChanges(BuiltInCuePhrases(), add, remove));
    if (!matcher.ok()) return Fail(root_.get("cues"), "cues", matcher.status().message());
    audit.cues = *matcher;
    return true;
  }

  bool ReadCueChanges(const toml::table& lang, std::string_view which, std::string_view code,
                      TextLanguage language, std::vector<CuePhrase>& out) {
    const std::string name = fmt::format("cues.{}.{}", code, which);
    const toml::table* changes = Table(lang, which, name);
    if (!changes) return false;
    for (const auto& [key, node] : *changes) {
      const auto cue = ParseCue(key.str());
      if (!cue) return Fail(&node, fmt::format("{}.{}", name, key.str()), "unknown cue class");
      std::vector<std::string> phrases;
      if (!Strings(*changes, key.str(), fmt::format("{}.{}", name, key.str()), phrases)) {
        return false;
      }
      for (auto& p : phrases) out.push_back({*cue, language, std::move(p)});
    }
    return true;
  }

  bool ReadReport(Config& config) {
    const toml::table* t = Table(root_, "report", "report");
    if (!t || !Known(*t, "report.", {"lang", "phone_region"}) ||
        !String(*t, "lang", "report.lang", config.lang) ||
        !String(*t, "phone_region", "report.phone_region", config.audit.phone_region)) {
      return false;
    }
    if (!config.lang.empty() && config.lang != "it" && config.lang != "en") {
      return Fail(t->get("lang"), "report.lang", "must be \"it\" or \"en\"");
    }
    return true;
  }

  const toml::table& root_;
  std::string_view source_;
  toml::table empty_;
  Status error_;
};

}  // namespace

Result<Config> ParseConfig(std::string_view toml_text, std::string_view source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return Status::Usage(fmt::format("{}:{}: {}", source, e.source().begin.line, e.description()));
  }
  return ConfigReader(root, source).Read();
}

Result<Config> LoadConfig(const std::string& path) {
  // A directory opens as a stream that reads as empty, which parsed as the defaults: "ok".
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
    return Status::Usage(fmt::format("config '{}' is not a file (a directory?)", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("cannot read config '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path);
}

}  // namespace fiducia
