// Webhook bodies as the sources send them, turned into canonical events (../shared/spec/events.md)
// that go through the same durable path as POST /v1/events. Pure functions of the body: the
// signature is checked before (server/signatures.h), the events are stored after (Service).
//
// WhatsApp Cloud API (object "whatsapp_business_account", entry[].changes[].value):
// - messages[]: the customer wrote: an `in` message, id the wamid, at the epoch seconds, customer
//   "+" and the sender's number (from, else the contact's wa_id), text the body, caption, button
//   or list title; media, locations, contacts, orders and unsupported types are messages without
//   text (the customer still waits for an answer).
//   reaction (and its removal), edit, revoke (deleted) and system messages are not events: the
//   request keeps its first moment, and a reaction asks nothing.
// - message_echoes[] (smb_message_echoes): what the company sent from the WhatsApp Business app:
//   an `out` message to "to", agent "whatsapp-business-app"; echoed edits and deletions: nothing.
// - statuses[]: delivered, read and played make the company's message an `out` event under its
//   wamid (each later status is a duplicate of the first: the answer counts when it reached the
//   customer), agent "whatsapp-cloud-api"; sent is not one yet (it may still fail); failed is a
//   `note` "<wamid>:failed" naming the error (notes never answer, so the customer still waits);
//   statuses of group messages are nothing.
// - every other field (account, templates, calls, preferences) and value.errors: nothing.
// Twilio WhatsApp/SMS (form bodies): SmsStatus=received is the customer's message (`in`, id the
// MessageSid, at the moment received: Twilio sends no time); a status callback's MessageStatus
// delivered/read is the company's `out` message, failed/undelivered a `note`, the rest nothing.
// Zendesk: the trigger body documented in docs/serve.md (one comment: comment_id, ticket_id,
// public, author role, requester…), or the API's audit, ticket and comment shapes read by the
// Zendesk export reader (src/sources/zendesk.h). A comment that is not public is a `note`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "sources/settings.h"

namespace fiducia {

struct WebhookEvents {
  std::vector<std::string> events;    // canonical JSON, one event each
  std::vector<std::string> ignored;   // what was deliberately not an event, and why
  std::vector<std::string> rejected;  // what should have been an event but could not be read
};

// InvalidInput when the body is not a WhatsApp Cloud API webhook at all.
Result<WebhookEvents> WhatsappCloudEvents(std::string_view body);

using FormParams = std::vector<std::pair<std::string, std::string>>;
// application/x-www-form-urlencoded: '+' is a space, %XX a byte.
FormParams ParseForm(std::string_view body);
Result<WebhookEvents> TwilioEvents(const FormParams& form, Instant received);

// `received`: the time of comments whose body gives none.
Result<WebhookEvents> ZendeskEvents(std::string_view body, const SourceSettings& settings,
                                    const std::string& phone_region, Instant received);

}  // namespace fiducia
