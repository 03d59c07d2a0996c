#include "sources/agent_name.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

AgentNamer DefaultNamer() {
  auto namer = AgentNamer::Create(EmailAgentSettings{}, {"ACME Telecomunicazioni", "ShopFast"});
  EXPECT_TRUE(namer.ok());
  return std::move(*namer);
}

TEST(AgentNamerTest, ThePersonBeforeTheCompanysPart) {
  const AgentNamer namer = DefaultNamer();
  EXPECT_EQ(namer.PersonOf("Emma - Assistenza Clienti"), "Emma");
  EXPECT_EQ(namer.PersonOf("Emma – Assistenza Clienti"), "Emma");
  EXPECT_EQ(namer.PersonOf("Marco Rossi | ACME"), "Marco Rossi");
  EXPECT_EQ(namer.PersonOf("Giulia (ShopFast Support)"), "Giulia");
  EXPECT_EQ(namer.PersonOf("Luca per ACME Telecomunicazioni"), "Luca");
  EXPECT_EQ(namer.PersonOf("Sophie at ShopFast"), "Sophie");
  EXPECT_EQ(namer.PersonOf("  Anna   Bianchi  "), "Anna Bianchi");
  EXPECT_EQ(namer.PersonOf("\"Paolo\" - Ufficio reclami"), "Paolo");
}

TEST(AgentNamerTest, AMailboxsNameIsNoPerson) {
  const AgentNamer namer = DefaultNamer();
  EXPECT_EQ(namer.PersonOf(""), "");
  EXPECT_EQ(namer.PersonOf("Assistenza Clienti ACME"), "");
  EXPECT_EQ(namer.PersonOf("ShopFast Customer Care"), "");
  EXPECT_EQ(namer.PersonOf("ShopFast"), "");
  EXPECT_EQ(namer.PersonOf("acme telecomunicazioni"), "");
  EXPECT_EQ(namer.PersonOf("assistenza@acme.it"), "");
  EXPECT_EQ(namer.PersonOf("Team ACME - Vendite"), "");
}

// A hostile display name (an mbox anyone can write) costs a bounded match: past the cap the
// address is kept, and std::regex never sees it (its backtracking recursion would overflow).
TEST(AgentNamerTest, AHugeDisplayNameIsNoPersonAndCostsNothing) {
  const AgentNamer namer = DefaultNamer();
  const std::string huge(1 << 20, 'a');
  EXPECT_EQ(namer.PersonOf(huge), "");
  EXPECT_EQ(namer.PersonOf(std::string(AgentNamer::kMaxDisplayName, 'b')),
            std::string(AgentNamer::kMaxDisplayName, 'b'));
}

TEST(AgentNamerTest, TheConfiguredPatternDecides) {
  EmailAgentSettings settings;
  settings.agent_name = R"(^.*?\bby\s+(\w+)$)";  // "ACME Support by Tom"
  auto namer = AgentNamer::Create(settings, {});
  ASSERT_TRUE(namer.ok());
  EXPECT_EQ(namer->PersonOf("ACME Support by Tom"), "Tom");
  EXPECT_EQ(namer->PersonOf("Tom Jones"), "");
}

TEST(AgentNamerTest, APatternWithoutAGroupOrBrokenIsAnError) {
  EmailAgentSettings settings;
  settings.agent_name = "^[a-z]+$";
  EXPECT_FALSE(AgentNamer::Create(settings, {}).ok());
  settings.agent_name = "(unclosed";
  EXPECT_FALSE(AgentNamer::Create(settings, {}).ok());
}

}  // namespace
}  // namespace fiducia
