// What a mail says that its author wrote in it: HTML turned into text, quoted history, signatures
// and contact lines removed, reply and forward prefixes folded off the subject. Pure functions over
// UTF-8 text (no GMime), so that each quirk has its own test.
#pragma once

#include <string>
#include <string_view>

namespace fiducia::mail {

// The text a reader would see in `html`: tags stripped, entities decoded, <style>, <script>,
// <head> and comments dropped, and <blockquote> (the quoted history of HTML clients) dropped too.
std::string HtmlToText(std::string_view html);

// The new words of a plain-text body: everything from the first quote header ("Il giorno … ha
// scritto:", "On … wrote:", "-----Messaggio originale-----", an Outlook "Da:/Inviato:/Oggetto:"
// block), the signature ("-- ", "Inviato da iPhone", a disclaimer) and what follows them cut off;
// "> " lines, contact lines (Tel., P.IVA, …) and rules dropped; the short block of name and title
// after a closing formula ("Cordiali saluti") dropped.
std::string NewWords(std::string_view body);

// The customer's new words in an e-mail's `text` as a canonical event carries it: a first line
// "Subject: Re: …" / "Oggetto: R: …" of a reply dropped (it repeats the thread's), then NewWords
// (quoted history and signature cut). A first mail's subject stays: it may be the whole request.
std::string CustomerWords(std::string_view text);

// `subject` without its reply and forward prefixes (R:, RE:, Re[2]:, I:, Fwd:, FW:, Inoltra:, …).
std::string_view FoldSubject(std::string_view subject);

// Whether `subject` carries a reply or forward prefix ("R: Ordine", "Re[2]: …", "Fwd: …").
bool IsReplySubject(std::string_view subject);

// Subjects that automatic replies carry: "Risposta automatica", "Automatic reply", "Auto:",
// "Out of Office", "Fuori sede", … (after reply prefixes).
bool IsAutoReplySubject(std::string_view subject);

// `bytes` as valid UTF-8: kept when they already are; else, when `assume_legacy` (no charset or
// an unknown one was declared), read as Windows-1252, the usual undeclared 8-bit text; else each
// invalid sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string bytes, bool assume_legacy);

// Whether `bytes` are well-formed UTF-8 holding at least one character beyond ASCII.
bool LooksLikeUtf8(std::string_view bytes);

// `text` cut to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view CutUtf8(std::string_view text, size_t max);

}  // namespace fiducia::mail
