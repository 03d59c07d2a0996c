#include "sources/email.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "common/time_text.h"
#include "sources/email_mbox.h"
#include "sources/email_mime.h"
#include "sources/email_thread.h"
#include "sources/format.h"
#include "sources/inputs.h"
#include "text/email_text.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kData = fs::path(FIDUCIA_SOURCE_DIR) / "tests/data/email";
const fs::path kReal = fs::path(FIDUCIA_SHARED_DIR) / "realdata/email";

Instant At(std::string_view rfc3339) { return ParseRfc3339(rfc3339)->at; }

// One run of the reader over some files, as `fiducia import` would do it (texts kept).
class EmailTest : public ::testing::Test {
 protected:
  EmailTest() {
    options_.keep_text = true;
    settings_.company.domains = {"acme.it"};
    settings_.company.handles = {"acme.assistenza@gmail.com"};
  }

  Status Read(const std::vector<fs::path>& files) {
    auto reader = MakeEmailReader(settings_);
    for (const fs::path& file : files) {
      if (Status status = reader->Read(file, sink_); !status.ok()) return status;
    }
    return reader->Finish(sink_);
  }

  void ReadOk(const std::vector<fs::path>& files) {
    const Status status = Read(files);
    ASSERT_TRUE(status.ok()) << status.message();
  }

  const Event* Find(std::string_view id) const {
    for (const Event& e : corpus_.events()) {
      if (corpus_.IdOf(e) == id) return &e;
    }
    return nullptr;
  }

  const Event& Get(std::string_view id) const {
    const Event* e = Find(id);
    EXPECT_NE(e, nullptr) << "no event " << id;
    static const Event kNone;
    return e ? *e : kNone;
  }

  std::string Text(std::string_view id) const {
    const Event* e = Find(id);
    return e ? std::string(corpus_.TextOf(static_cast<size_t>(e - corpus_.events().data()))) : "";
  }

  std::string_view Name(Symbol s) const { return corpus_.symbols().Name(s); }
  std::string_view Conversation(std::string_view id) const { return Name(Get(id).conversation); }
  std::string_view Customer(std::string_view id) const { return Name(Get(id).customer); }
  std::string_view Agent(std::string_view id) const { return Name(Get(id).agent); }

  SourceSettings settings_;
  IngestOptions options_;
  Corpus corpus_;
  IngestReport report_;
  IngestSink sink_{options_, corpus_, report_};
};

// --- Detection ---------------------------------------------------------------------------------

TEST(EmailDetectionTest, HeaderLinesAtTheTopAreAMessage) {
  const SourceSettings settings;
  EXPECT_TRUE(LooksLikeEmail("Return-Path: <a@b.it>\nReceived: from x\n\tby y\nSubject: s\n\nhi",
                             settings));
  EXPECT_TRUE(LooksLikeEmail("X-Mozilla-Status: 0001\r\nFrom: a@b.it\r\n", settings));
  EXPECT_FALSE(LooksLikeEmail("Subject: only one known field\n\nbody", settings));
  EXPECT_FALSE(LooksLikeEmail("{\"From\":\"a\",\n\"To\":\"b\"}", settings));
  EXPECT_FALSE(LooksLikeEmail("02/03/26, 09:14 - Mario: From: To: ciao\n", settings));
  EXPECT_FALSE(LooksLikeEmail("caller,agent,start\nFrom: x\nTo: y\n", settings));
  EXPECT_FALSE(LooksLikeEmail("\nFrom: a@b.it\nTo: c@d.it\n", settings));
  EXPECT_FALSE(LooksLikeEmail("", settings));
}

TEST(EmailDetectionTest, FixturesAreToldFromTheirContent) {
  const SourceSettings settings;
  EXPECT_EQ(*DetectFileFormat(kData / "thread.mbox", settings), SourceFormat::kMbox);
  EXPECT_EQ(*DetectFileFormat(kData / "thread.mbox.gz", settings), SourceFormat::kMbox);
  EXPECT_EQ(*DetectFileFormat(kData / "italian_reply.eml", settings), SourceFormat::kEmail);
  EXPECT_EQ(*DetectFileFormat(kData / "maildir/new/1772445600.M2P100.mx", settings),
            SourceFormat::kEmail);
  EXPECT_EQ(*DetectFileFormat(kReal / "mime4j/mbox.rlug", settings), SourceFormat::kMbox);
  EXPECT_EQ(*DetectFileFormat(kReal / "italian/mail_test_7", settings), SourceFormat::kEmail);
}

// --- Quoted history, signatures, charsets --------------------------------------------------------

TEST_F(EmailTest, ItalianGmailReplyKeepsOnlyTheNewWords) {
  ReadOk({kData / "italian_reply.eml"});
  EXPECT_EQ(Text("CAHr1@mail.example.it"),
            "Buongiorno,\n"
            "il rimborso non è ancora arrivato. Potete verificare?");
  const Event& e = Get("CAHr1@mail.example.it");
  EXPECT_EQ(e.direction, Direction::kIn);
  EXPECT_EQ(e.channel, Channel::kEmail);
  EXPECT_FALSE(e.is_auto);
  EXPECT_EQ(Customer("CAHr1@mail.example.it"), "mario.rossi@example.it");
  EXPECT_EQ(Name(e.in_reply_to), "a1@acme.it");
  EXPECT_EQ(Conversation("CAHr1@mail.example.it"), "c1@mail.example.it");
  EXPECT_EQ(e.at, At("2026-03-02T09:02:11Z"));
  EXPECT_EQ(e.offset_minutes, 60);
}

// A customer's "Grazie mille!" under "R: RE: Rimborso ordine 4471" ends the conversation: the
// reply subject is not analysed with it (it made the thanks a request, reported as unanswered).
TEST_F(EmailTest, ACustomersThanksUnderAReplySubjectIsAClosing) {
  ReadOk({kData / "thanks_reply.eml"});
  EXPECT_EQ(Text("CAHt9@mail.example.it"), "Grazie mille!");
  EXPECT_TRUE(Get("CAHt9@mail.example.it").Has(kCueClosing));
}

TEST_F(EmailTest, OutlookMessaggioOriginaleAndSignatureAreCut) {
  ReadOk({kData / "outlook_original.eml"});
  const std::string text = Text("a2@acme.it");
  EXPECT_THAT(text, HasSubstr("il rimborso di 49 euro è partito oggi, lo vedrà entro 3 giorni"));
  EXPECT_THAT(text, HasSubstr("Cordiali saluti"));
  EXPECT_THAT(text, Not(HasSubstr("Giulia Bianchi")));
  EXPECT_THAT(text, Not(HasSubstr("Tel.")));
  EXPECT_THAT(text, Not(HasSubstr("Messaggio originale")));
  EXPECT_THAT(text, Not(HasSubstr("non è ancora arrivato")));
  EXPECT_TRUE(text.starts_with("Rimborso ordine 4471\n\n")) << text;
  const Event& e = Get("a2@acme.it");
  EXPECT_EQ(e.direction, Direction::kOut);
  EXPECT_EQ(Agent("a2@acme.it"), "Giulia Bianchi");  // the display name names the person
  EXPECT_EQ(Customer("a2@acme.it"), "mario.rossi@example.it");
}

TEST_F(EmailTest, OutlookDaInviatoOggettoBlockIsCut) {
  ReadOk({kData / "outlook_da_inviato.eml"});
  EXPECT_EQ(Text("c3@mail.example.it"),
            "Vi inoltro la conversazione con il corriere: dicono che il pacco è "
            "fermo da voi.");
}

TEST_F(EmailTest, EnglishOnWroteBase64AndMobileFooter) {
  ReadOk({kData / "english_on_wrote.eml"});
  EXPECT_EQ(Text("CAJs4@mail.gmail.com"),
            "Hi,\nthe replacement still has not shipped. Any "
            "update?\nThanks\nJohn");
  EXPECT_EQ(Get("CAJs4@mail.gmail.com").offset_minutes, -300);
  EXPECT_EQ(Get("CAJs4@mail.gmail.com").at, At("2026-03-04T20:20:00Z"));
}

TEST_F(EmailTest, HtmlOnlyBodyBecomesText) {
  ReadOk({kData / "html_only.eml"});
  EXPECT_EQ(Text("h1@mail.example.it"),
            "La linea non è ancora attiva & il modem lampeggia.\n"
            "Costo: 49 €, mi avete detto «domani».\n\nGrazie");
}

TEST_F(EmailTest, CharsetsBecomeUtf8AndBrokenDatesFallBackOrAreRejected) {
  ReadOk({kData / "charsets.mbox"});
  EXPECT_EQ(Text("cs1@example.it"), "Perché è già scaduto?\n\nIl prezzo € 49 – perché?");
  EXPECT_THAT(Text("cs2@example.it"), HasSubstr("Città sbagliata."));
  EXPECT_THAT(Text("cs3@example.it"), HasSubstr("Università chiusa."));
  EXPECT_THAT(Text("cs4@example.it"), HasSubstr("Caffè freddo."));
  EXPECT_THAT(Text("cs5@example.it"), HasSubstr("こんにちは"));
  EXPECT_THAT(Text("cs8@example.it"), HasSubstr("Bytes \uFFFD\uFFFD rotti."));
  // A Date nobody can read: the mbox "From " line's date, else the message is skipped.
  EXPECT_EQ(Get("cs6@example.it").at, At("2026-03-03T07:45:00Z"));
  EXPECT_EQ(Find("cs7@example.it"), nullptr);
  ASSERT_EQ(report_.errors.size(), 1u);
  EXPECT_EQ(report_.errors[0].line, 61u);
  EXPECT_EQ(report_.errors[0].what, "message cs7@example.it: no readable Date");
  EXPECT_EQ(report_.records, 8u);
  EXPECT_EQ(report_.events, 7u);
}

TEST_F(EmailTest, AnEmlWithoutADateIsRejectedAndStopsUnderStrict) {
  ReadOk({kData / "broken_date.eml"});
  ASSERT_EQ(report_.errors.size(), 1u);
  EXPECT_EQ(report_.errors[0].line, 0u);
  EXPECT_EQ(report_.errors[0].ToString(),
            (kData / "broken_date.eml").string() + ": message bd1@example.it: no readable Date");

  options_.strict = true;
  const Status status = Read({kData / "charsets.mbox"});
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_THAT(std::string(status.message()), HasSubstr("charsets.mbox:61: message cs7"));
}

TEST_F(EmailTest, AutomaticRepliesAreAuto) {
  ReadOk({kData / "auto_replies.mbox"});
  EXPECT_TRUE(Get("ar1@acme.it").is_auto);  // Auto-Submitted: auto-replied
  EXPECT_EQ(Get("ar1@acme.it").direction, Direction::kOut);
  EXPECT_TRUE(Get("ar2@example.it").is_auto);   // X-Autoreply
  EXPECT_TRUE(Get("ar3@example.it").is_auto);   // "Out of Office:" subject
  EXPECT_FALSE(Get("ar4@example.it").is_auto);  // Auto-Submitted: no, Precedence: bulk
}

TEST_F(EmailTest, ThunderbirdFolderWithoutExtensionSkipsDeletedMessages) {
  EXPECT_EQ(*DetectFileFormat(kData / "thunderbird_folder", settings_), SourceFormat::kMbox);
  ReadOk({kData / "thunderbird_folder"});
  EXPECT_EQ(report_.records, 2u);
  EXPECT_EQ(report_.events, 1u);
  EXPECT_EQ(report_.skipped, 0u);
  EXPECT_EQ(Find("tb2@example.it"), nullptr);
}

// --- Threads and direction ---------------------------------------------------------------------

TEST_F(EmailTest, CompanyThreadDirectionsNotesAndMissingMessageId) {
  ReadOk({kData / "thread.mbox"});
  EXPECT_EQ(report_.records, 6u);
  EXPECT_EQ(report_.events, 5u);  // the mail among colleagues only is no customer's
  EXPECT_EQ(Find("internal-1@acme.it"), nullptr);
  for (const Event& e : corpus_.events()) {
    EXPECT_EQ(Name(e.conversation), "c1@mail.example.it") << corpus_.IdOf(e);
    EXPECT_EQ(Name(e.customer), "mario.rossi@example.it") << corpus_.IdOf(e);
  }
  const std::string first = Text("c1@mail.example.it");
  EXPECT_THAT(first, HasSubstr("il rimborso di 49,00 € non è arrivato."));
  EXPECT_THAT(first, HasSubstr("\nFrom the warehouse they said it was received."));
  EXPECT_THAT(first, Not(HasSubstr("html")));
  EXPECT_EQ(Get("a1@acme.it").direction, Direction::kOut);  // a subdomain of acme.it
  EXPECT_EQ(Agent("a1@acme.it"), "Giulia Bianchi");
  EXPECT_EQ(Text("a1@acme.it"),
            "Rimborso ordine 4471\n\nGentile cliente,\nverifichiamo con il "
            "magazzino e le rispondiamo entro domani.");
  EXPECT_EQ(Get("n1@acme.it").direction, Direction::kNote);
  EXPECT_EQ(Agent("n1@acme.it"), "Giulia Bianchi");
  EXPECT_EQ(Get("g1@mail.gmail.com").direction, Direction::kOut);  // a company handle
  // "ACME Assistenza" names the mailbox, not a person: the address stays.
  EXPECT_EQ(Agent("g1@mail.gmail.com"), "acme.assistenza@gmail.com");
}

// A real mbox (a mailing list's archive) read as if two of its posters' domains were the company:
// their mails are the company's answers, and each names its agent by the sender's display name.
TEST_F(EmailTest, ARealMboxNamesTheAgentsByPerson) {
  settings_.company.domains = {"dtedu.net", "lsd.ro"};
  settings_.company.handles.clear();
  ReadOk({kReal / "mime4j/mbox.rlug"});
  std::set<std::string> agents;
  for (const Event& e : corpus_.events()) {
    if (e.direction == Direction::kOut) agents.insert(std::string(Name(e.agent)));
  }
  EXPECT_EQ(agents, (std::set<std::string>{"Adrian Rapa", "Dragosh M."}));
}

TEST_F(EmailTest, AWebFormFromACompanyAddressIsTheReplyToCustomersRequest) {
  ReadOk({kData / "web_form.eml"});
  EXPECT_EQ(Get("form-77@acme.it").direction, Direction::kIn);
  EXPECT_EQ(Customer("form-77@acme.it"), "franco.esposito@example.it");
  EXPECT_EQ(Get("form-77@acme.it").agent, kNoSymbol);
}

TEST_F(EmailTest, AMessageWithoutMessageIdGetsAStableHashId) {
  ReadOk({kData / "thread.mbox"});
  std::string id;
  for (const Event& e : corpus_.events()) {
    if (corpus_.IdOf(e).starts_with("mail-")) id = corpus_.IdOf(e);
  }
  ASSERT_EQ(id.size(), 5u + 16u);
  EXPECT_THAT(Text(id),
              HasSubstr("Sollecito: nessuna novità?\nFrom what I see nothing has moved."));
  EXPECT_EQ(Get(id).direction, Direction::kIn);

  Corpus again;
  IngestReport report;
  IngestSink sink(options_, again, report);
  ASSERT_TRUE(MakeEmailReader(settings_)->Read(kData / "thread.mbox", sink).ok());
  EXPECT_NE(again.ids().Find(id), kNoSymbol);
}

TEST_F(EmailTest, GzipMboxReadsTheSame) {
  ReadOk({kData / "thread.mbox.gz"});
  EXPECT_EQ(report_.events, 5u);
  EXPECT_EQ(Conversation("a1@acme.it"), "c1@mail.example.it");
}

TEST_F(EmailTest, ThreadsSpanFilesWhateverTheirOrder) {
  ReadOk({kData / "outlook_original.eml", kData / "italian_reply.eml", kData / "thread.mbox"});
  EXPECT_EQ(Conversation("a2@acme.it"), "c1@mail.example.it");
  EXPECT_EQ(Conversation("CAHr1@mail.example.it"), "c1@mail.example.it");
  EXPECT_EQ(Conversation("c1@mail.example.it"), "c1@mail.example.it");
}

TEST_F(EmailTest, OutlookThreadIndexWithoutReferences) {
  ReadOk({kData / "thread_index.mbox"});
  EXPECT_EQ(Conversation("t1@example.it"), "t1@example.it");
  EXPECT_EQ(Conversation("t2@acme.it"), "t1@example.it");
  EXPECT_EQ(Conversation("t3@example.it"), "t3@example.it");
}

TEST_F(EmailTest, ReferenceLoopsAndMissingParentsThreadWithoutHanging) {
  ReadOk({kData / "reference_loop.mbox"});
  EXPECT_EQ(report_.events, 5u);
  EXPECT_EQ(Conversation("loop-a@example.it"), Conversation("loop-b@example.it"));
  EXPECT_EQ(Conversation("self@example.it"), "self@example.it");
  EXPECT_EQ(Conversation("orphan-1@example.it"), "never-seen@acme.it");
  EXPECT_EQ(Conversation("orphan-2@acme.it"), "never-seen@acme.it");
  EXPECT_NE(Conversation("loop-a@example.it"), Conversation("orphan-1@example.it"));
}

TEST_F(EmailTest, MaildirCurAndNewThreadAndTmpIsLeftOut) {
  const Status status = ReadInputs({(kData / "maildir").string()}, std::nullopt, settings_, sink_);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(report_.events, 2u);
  EXPECT_EQ(Find("md3@example.it"), nullptr);
  EXPECT_EQ(report_.files_skipped, 1u);
  EXPECT_EQ(Conversation("md2@acme.it"), "md1@example.it");
  EXPECT_EQ(Get("md2@acme.it").direction, Direction::kOut);
  EXPECT_EQ(Customer("md2@acme.it"), "chiara.riva@example.it");
}

TEST_F(EmailTest, MaildirReplyReadBeforeItsParentStillThreads) {
  ReadOk(
      {kData / "maildir/new/1772445600.M2P100.mx", kData / "maildir/cur/1772438400.M1P100.mx_2,S"});
  EXPECT_EQ(Conversation("md2@acme.it"), "md1@example.it");
  EXPECT_EQ(Conversation("md1@example.it"), "md1@example.it");
}

TEST_F(EmailTest, BytesInMemoryAreOneMessageOrAnMbox) {
  const std::string eml =
      "Message-ID: <m1@x.it>\nDate: Mon, 2 Mar 2026 09:14:00 +0100\nFrom: a@x.it\nTo: b@acme.it\n"
      "Subject: ciao\n\ntesto\n";
  ASSERT_TRUE(ReadEmailBytes(eml, "memory", settings_, sink_).ok());
  ASSERT_TRUE(ReadEmailBytes("From - Mon Mar 02 09:14:00 2026\n" + eml + "\nFrom - x\n" +
                                 "Message-ID: <m2@x.it>\n" + eml.substr(eml.find('\n') + 1),
                             "memory", settings_, sink_)
                  .ok());
  EXPECT_EQ(report_.events, 2u);
  EXPECT_EQ(report_.duplicates, 1u);
  EXPECT_EQ(Text("m2@x.it"), "ciao\n\ntesto");
}

// --- Real public samples -----------------------------------------------------------------------

TEST_F(EmailTest, EveryRealSampleIsReadWithoutACrash) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kReal)) {
    if (entry.is_regular_file() && entry.path().filename() != "SOURCE.txt") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 300u);
  ReadOk(files);
  EXPECT_EQ(report_.files, files.size());
  // The expected outputs (.xml, .out, .txt) are no mail; many fixtures have no Date or no From.
  EXPECT_GT(report_.events, 90u);
  for (const InputError& error : report_.errors) {
    EXPECT_TRUE(error.what.ends_with(": no readable Date") ||
                error.what.ends_with(": no sender address") ||
                error.what == "not a readable e-mail message: skipped")
        << error.ToString();
  }
  for (size_t i = 0; i < corpus_.events().size(); ++i) {
    EXPECT_LE(corpus_.TextOf(i).size(), size_t{1} << 21) << corpus_.IdOf(corpus_.events()[i]);
  }
}

TEST_F(EmailTest, RlugMboxSupportThreadIso88592) {
  ReadOk({kReal / "mime4j/mbox.rlug"});
  EXPECT_EQ(report_.events, 5u);
  const std::string root = "001401c2cec7$4eb5b460$941c10ac@ok6f6gr01ta4hv";
  // The question and its answer are one conversation; the other three are threads of their own
  // (the sample holds five messages of a mailing list, not one thread).
  EXPECT_EQ(Conversation(root), root);
  EXPECT_EQ(Conversation("20030208014131.00fd30ce.teo.55@home.ro"), root);
  EXPECT_EQ(Conversation("3E43EB00.7040006@pcnet.ro"), "3E43BB6D.8080601@myrealbox.com");
  EXPECT_EQ(Conversation("1044662313.5121.17.camel@snow.lsd.ro"),
            "1044662313.5121.17.camel@snow.lsd.ro");
  EXPECT_EQ(Get(root).at, At("2003-02-07T16:35:25Z"));
  EXPECT_EQ(Customer(root), "mmihai@netcompsj.ro");
  EXPECT_THAT(Text(root), HasSubstr("Din windows ma pot, din LINUX NU ma pot conecta (la ZAPP)"));
}

TEST_F(EmailTest, ItalianForwardLosesItsQuotedHistory) {
  ReadOk({kReal / "italian/mail_test_7"});
  const std::string text = Text("ed264cf8.1d2e138.18e5b8f.29@voidstudicom.it");
  EXPECT_TRUE(
      text.starts_with("Ciao sere mi puoi dire se il mio cliente deve fare questa dichiarazione?"))
      << text;
  for (const char* quoted : {"scusa l", "MM Lampadari", "logistica", "Inviato:", "Oggetto:",
                             "Nota di riservatezza", "10.000", "Tel. 0423"}) {
    EXPECT_THAT(text, Not(HasSubstr(quoted)));
  }
  EXPECT_EQ(Name(Get("ed264cf8.1d2e138.18e5b8f.29@voidstudicom.it").in_reply_to),
            "EEDDF5F5-2786-4B3F-B15A-124A9A29A8D3@agade.info");
}

TEST(EmailMimeTest, Iso2022JpBecomesUtf8) {
  // The sample has no Date (the reader skips it): its body is checked at the parser.
  std::ifstream file(kReal / "mikel-mail/spec/fixtures/emails/multi_charset/japanese_iso_2022.eml",
                     std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const mail::MimeParser parser;
  auto parsed = parser.Parse(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_THAT(parsed->body, HasSubstr("すみません。"));
  EXPECT_EQ(parsed->subject, "まみむめも");
  EXPECT_FALSE(parsed->date.has_value());
}

TEST_F(EmailTest, NestedBoundariesAndDashFromSeparators) {
  ReadOk({kReal / "gmime/mbox_input_substring.mbox"});
  EXPECT_EQ(report_.records, 3u);
  for (size_t i = 0; i < corpus_.events().size(); ++i) {
    EXPECT_THAT(std::string(corpus_.TextOf(i)), HasSubstr("Hello world."));
  }
}

TEST_F(EmailTest, MegabyteStressFilesAreCut) {
  ReadOk({kReal / "nodemailer-mailparser/test/fixtures/large_text.eml",
          kReal / "nodemailer-mailparser/test/fixtures/htmllargecallstack.eml",
          kReal / "nodemailer-mailparser/test/fixtures/outofmemory.eml"});
  EXPECT_EQ(report_.files, 3u);
  for (size_t i = 0; i < corpus_.events().size(); ++i) {
    EXPECT_LE(corpus_.TextOf(i).size(), mail::kMaxBodyBytes + 1024);
  }
}

// --- The pieces --------------------------------------------------------------------------------

TEST(EmailTextTest, SubjectPrefixesFold) {
  EXPECT_EQ(mail::FoldSubject("R: R: Ordine"), "Ordine");
  EXPECT_EQ(mail::FoldSubject("RE: Fwd: I: Inoltra: fw: Re[2]: AW: Ordine 12"), "Ordine 12");
  EXPECT_EQ(mail::FoldSubject("Re : Rif: ordine"), "ordine");
  EXPECT_EQ(mail::FoldSubject("R2D2: robot"), "R2D2: robot");
  EXPECT_EQ(mail::FoldSubject("Ristrutturazione: preventivo"), "Ristrutturazione: preventivo");
  EXPECT_EQ(mail::FoldSubject("  "), "");
}

TEST(EmailTextTest, ReplySubjects) {
  EXPECT_TRUE(mail::IsReplySubject("R: Ordine 12"));
  EXPECT_TRUE(mail::IsReplySubject("  Re[2]: Order"));
  EXPECT_TRUE(mail::IsReplySubject("Fwd: fattura"));
  EXPECT_FALSE(mail::IsReplySubject("Ordine 12"));
  EXPECT_FALSE(mail::IsReplySubject("R2D2: robot"));
  EXPECT_FALSE(mail::IsReplySubject(""));
}

TEST(EmailTextTest, AutoReplySubjects) {
  EXPECT_TRUE(mail::IsAutoReplySubject("Risposta automatica: Ordine"));
  EXPECT_TRUE(mail::IsAutoReplySubject("Automatic reply: Order"));
  EXPECT_TRUE(mail::IsAutoReplySubject("Auto: Ordine"));
  EXPECT_TRUE(mail::IsAutoReplySubject("[Out of Office] Re: Order"));
  EXPECT_TRUE(mail::IsAutoReplySubject("R: Fuori sede"));
  EXPECT_FALSE(mail::IsAutoReplySubject("Automobile in officina"));
  EXPECT_FALSE(mail::IsAutoReplySubject("Re: Ordine"));
}

TEST(EmailTextTest, InlineAnswersBetweenQuotedLinesStay) {
  EXPECT_EQ(mail::NewWords("> Avete il modello rosso?\nSì, da lunedì.\n> E il blu?\nNo.\n"),
            "Sì, da lunedì.\nNo.");
}

TEST(EmailTextTest, ClosingFormulaKeepsAGreetingAndALongMessage) {
  EXPECT_EQ(mail::NewWords("Saluti,\nvi scrivo per il rimborso.\nGrazie"),
            "Saluti,\nvi scrivo per il rimborso.\nGrazie");
  EXPECT_EQ(mail::NewWords("Ciao\nCordiali saluti\nMario Rossi\nACME srl"),
            "Ciao\nCordiali saluti");
  const std::string long_tail =
      "Ciao\nCordiali saluti\na\nb\nc\nd\ne\nf\ng\nh";  // eight lines: not a signature
  EXPECT_EQ(mail::NewWords(long_tail), long_tail);
}

TEST(EmailTextTest, SignaturesAndContactLines) {
  EXPECT_EQ(mail::NewWords("Testo\n-- \nMario\nquoted"), "Testo");
  EXPECT_EQ(mail::NewWords("Il telefono è guasto\nTelefono guasto da ieri\nTel. 02 1234 5678"),
            "Il telefono è guasto\nTelefono guasto da ieri");
  EXPECT_EQ(mail::NewWords("Inviato dal corriere ieri, mai arrivato"),
            "Inviato dal corriere ieri, mai arrivato");
  EXPECT_EQ(mail::NewWords("Ok\nInviato dal mio Samsung Galaxy\n\nDa: x\nOggetto: y\nA: z"), "Ok");
  EXPECT_EQ(mail::NewWords("Il tecnico ha scritto:\nriavviare"),
            "Il tecnico ha scritto:\nriavviare");  // no date, no address: no attribution
  EXPECT_EQ(mail::NewWords("Sì\n\nIl 02/03/26 09:14, Mario ha scritto:\n\nvecchio"), "Sì");
  EXPECT_EQ(mail::NewWords("Yes\n---------- Forwarded message ---------\nFrom: a"), "Yes");
  EXPECT_EQ(mail::NewWords("Yes\nFrom: A <a@b.it> Sent: Monday To: c Subject: x\nold"), "Yes");
  EXPECT_EQ(mail::NewWords("Ok\nInizio messaggio inoltrato:\n\nvecchio"), "Ok");
  EXPECT_EQ(mail::NewWords(""), "");
}

TEST(EmailTextTest, HtmlToText) {
  EXPECT_EQ(mail::HtmlToText("<p>a &lt; b &#233; &#xE8; &#128; &bogus; &amp</p><p>c</p>"),
            "a < b é è € &bogus; &amp\nc\n");
  EXPECT_EQ(mail::HtmlToText("x < y <3 <b>bold</b>"), "x < y <3 bold\n");
  EXPECT_EQ(mail::HtmlToText("<style>unclosed"), "");
  EXPECT_EQ(mail::HtmlToText("<title>t<p>body"), "t\nbody\n");  // unclosed title: kept
  EXPECT_EQ(mail::HtmlToText("a<blockquote>q<blockquote>qq</blockquote>q</blockquote>b"), "a\nb\n");
  EXPECT_EQ(mail::HtmlToText("a<!-- comment <p> -->b<!-- open"), "ab\n");
  EXPECT_EQ(mail::HtmlToText("<td>a</td><td>b</td>"), "a b\n");
  EXPECT_EQ(mail::HtmlToText("<p unclosed"), "");
  EXPECT_EQ(mail::HtmlToText(std::string(100000, '<')).size(), 100001u);
}

TEST(EmailTextTest, Utf8Repair) {
  EXPECT_EQ(mail::ToValidUtf8("caff\xe8", true), "caffè");
  EXPECT_EQ(mail::ToValidUtf8("caff\xe8", false), "caff\uFFFD");
  EXPECT_EQ(mail::ToValidUtf8("ok \xe2\x82\xac", true), "ok €");
  EXPECT_EQ(mail::ToValidUtf8(std::string("a\0b", 3), false), "a b");
  EXPECT_EQ(mail::ToValidUtf8("\xed\xa0\x80", false), "\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(mail::CutUtf8("aè", 2), "a");
}

TEST(EmailMboxTest, EnvelopeDates) {
  EXPECT_EQ(mail::ParseEnvelopeDate("From news@gmane.org Tue Mar 04 03:33:20 2003")->at,
            At("2003-03-04T03:33:20Z"));
  EXPECT_EQ(mail::ParseEnvelopeDate("From MAILER-DAEMON Fri Jul  8 12:08:34 2011")->at,
            At("2011-07-08T12:08:34Z"));
  const auto gmail = mail::ParseEnvelopeDate("From 1626@xxx Mon Mar 02 09:14:00 +0100 2026");
  EXPECT_EQ(gmail->at, At("2026-03-02T08:14:00Z"));
  EXPECT_EQ(gmail->offset, std::chrono::minutes(60));
  EXPECT_FALSE(mail::ParseEnvelopeDate("From - ").has_value());
  EXPECT_FALSE(mail::ParseEnvelopeDate("From x Mar 2 12:3 2026").has_value());  // fuzz finding
  EXPECT_FALSE(mail::ParseEnvelopeDate("From x Mar 2 1:234 2026").has_value());
  EXPECT_FALSE(mail::ParseEnvelopeDate("From what I see on Feb 30 2026").has_value());
  EXPECT_FALSE(mail::ParseEnvelopeDate("From x Mon Feb 30 09:00:00 2026").has_value());
}

TEST(EmailThreadTest, UnionFindWithLoops) {
  mail::ThreadIndex threads;
  const uint32_t a = threads.Node("a"), b = threads.Node("b"), c = threads.Node("c");
  threads.Join(a, b);
  threads.Join(b, a);
  threads.Join(c, c);
  EXPECT_EQ(threads.Root(a), threads.Root(b));
  EXPECT_NE(threads.Root(a), threads.Root(c));
  EXPECT_EQ(threads.Node("a"), a);
  EXPECT_EQ(threads.Key(b), "b");
}

}  // namespace
}  // namespace fiducia
