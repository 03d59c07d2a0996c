#include "model/e164.h"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gen/generator.h"
#include "model/handle.h"

namespace fiducia {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// libphonenumber's answer, the way NormaliseHandle asked it before the shortcut: the E.164 form,
// or nothing where it refuses the number.
std::optional<std::string> ByParser(const std::string& handle) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(handle, "IT", &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
      !util.IsPossibleNumber(number)) {
    return std::nullopt;
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

// What the shortcut answers in the same terms; false where it leaves the number to the parser.
bool ByShortcut(const std::string& handle, std::optional<std::string>& answer) {
  switch (DecideE164(handle)) {
    case E164Verdict::kPossible:
      answer = handle;
      return true;
    case E164Verdict::kImpossible:
      answer = std::nullopt;
      return true;
    case E164Verdict::kUndecided:
      return false;
  }
  return false;
}

// Every number the shortcut decides gets the parser's answer; returns how many it decided.
size_t ExpectParserAnswers(const std::vector<std::string>& handles) {
  size_t decided = 0;
  for (const std::string& handle : handles) {
    std::optional<std::string> answer;
    if (!ByShortcut(handle, answer)) continue;
    ++decided;
    EXPECT_EQ(answer, ByParser(handle)) << handle;
  }
  return decided;
}

class Phones final : public gen::GenOutput {
 public:
  Status Customer(const gen::GenCustomer& customer) override {
    phones.push_back(customer.phone);
    return Status::Ok();
  }
  std::vector<std::string> phones;
};

TEST(E164Test, EveryPhoneOfAGeneratedCorpusGetsTheParsersAnswer) {
  Phones out;
  gen::GenOutput* outputs[] = {&out};
  ASSERT_TRUE(gen::Generate({20000, 3, 1.0}, outputs).ok());
  ASSERT_GT(out.phones.size(), 1000u);
  // Italian and British mobiles are all decided by the shortcut, and all possible.
  EXPECT_EQ(ExpectParserAnswers(out.phones), out.phones.size());
  for (const std::string& phone : out.phones) {
    EXPECT_EQ(DecideE164(phone), E164Verdict::kPossible) << phone;
  }
}

TEST(E164Test, TrickyNumbersGetTheParsersAnswer) {
  const std::vector<std::string> handles = {
      "+390612345678",     // Rome landline: the trunk zero is part of an Italian number
      "+39061234567",      // a shorter one
      "+3900612345",       // two leading zeros after the calling code
      "+39000000000",      // nothing but zeros
      "+393331234567",     // a mobile
      "+3933312345678",    // a mobile with a digit too many: a possible length
      "+39123456789012",   // 12 national digits: still a possible Italian length
      "+391234567890123",  // 13: too long for Italy
      "+3912345",          // too short for the shape
      "+447400123456",     // a British mobile
      "+4407400123456",    // the British trunk zero written after +44: the parser strips it
      "+12125550100",      // New York
      "+112125550100",     // the North American national prefix 1 after +1
      "+4930123456",       // Berlin
      "+49030123456",      // Berlin with its trunk zero
      "+80012345678",      // a non-geographical calling code (international freephone)
      "+99912345678",      // no such calling code
      "+0039333123456",    // a leading zero is no calling code
      "+5491112345678",    // Argentina: a national prefix pattern
      "+8613812345678",    // China
      "+79161234567",      // Russia
      "+3906698",          // Vatican, too short for the shape
      "+390669812345",     // Vatican, inside the Italian plan
      "+393331234567x",    // not digits only
      "+39 333 1234567",   // separators: the parser's work
  };
  ExpectParserAnswers(handles);
  EXPECT_EQ(DecideE164("+390612345678"), E164Verdict::kPossible);
  EXPECT_EQ(DecideE164("+391234567890123"), E164Verdict::kImpossible);
  EXPECT_EQ(DecideE164("+4407400123456"), E164Verdict::kUndecided);
  EXPECT_EQ(DecideE164("+99912345678"), E164Verdict::kUndecided);
  EXPECT_EQ(DecideE164("+0039333123456"), E164Verdict::kUndecided);
  EXPECT_EQ(DecideE164("+39 333 1234567"), E164Verdict::kUndecided);
  EXPECT_EQ(DecideE164("+3912345"), E164Verdict::kUndecided);
}

// Every calling code, every length of the shape, every leading digit (zeros and national
// prefixes included), random tails: the shortcut never disagrees with the parser.
TEST(E164Test, EveryCallingCodeAndLengthGetsTheParsersAnswer) {
  std::set<int> codes;
  PhoneNumberUtil::GetInstance()->GetSupportedCallingCodes(&codes);
  ASSERT_GT(codes.size(), 200u);
  std::mt19937_64 random(7);
  std::vector<std::string> handles;
  for (const int code : codes) {
    const std::string prefix = "+" + std::to_string(code);
    for (size_t digits = 8; digits <= 15; ++digits) {
      const size_t national = digits - (prefix.size() - 1);
      for (const std::string lead :
           {"0", "00", "1", "2", "3", "4", "5", "6", "7", "8", "9", "01"}) {
        if (lead.size() > national) continue;
        std::string handle = prefix + lead;
        while (handle.size() < digits + 1) handle += static_cast<char>('0' + random() % 10);
        handles.push_back(handle);
      }
    }
  }
  const size_t decided = ExpectParserAnswers(handles);
  EXPECT_GT(decided, handles.size() / 2);  // the shortcut decides most shapes it can meet
}

TEST(E164Test, NormaliseHandleKeepsItsAnswers) {
  EXPECT_EQ(*NormaliseHandle("  +393331234567 "), "+393331234567");
  EXPECT_EQ(*NormaliseHandle("+4407400123456"), "+447400123456");
  const auto refused = NormaliseHandle("+391234567890123");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "'+391234567890123' is not a valid phone number");
}

}  // namespace
}  // namespace fiducia
