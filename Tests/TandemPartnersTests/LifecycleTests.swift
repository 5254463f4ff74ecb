import Testing
@testable import TandemPartners

@Suite struct PartnerLifecycleTests {
    @Test func normal_life_moves_forward_one_step_at_a_time() {
        let path: [PartnerStatus] = [.prospect, .evaluating, .onboarding, .live, .exiting, .ended]
        for (from, to) in zip(path, path.dropFirst()) {
            #expect(from.canMove(to: to), "\(from) → \(to)")
        }
    }

    @Test func skipping_onboarding_is_refused() {
        #expect(!PartnerStatus.prospect.canMove(to: .live))
        #expect(!PartnerStatus.evaluating.canMove(to: .live))
        #expect(!PartnerStatus.live.canMove(to: .ended), "a live partner exits through 'exiting' (notice period)")
    }

    @Test func exits_can_be_called_off_and_ended_partners_courted_again() {
        #expect(PartnerStatus.exiting.canMove(to: .live))
        #expect(PartnerStatus.ended.canMove(to: .prospect))
        #expect(PartnerStatus.ended.canMove(to: .ended))
    }

    @Test func only_live_and_exiting_partners_handle_contacts() {
        #expect(PartnerStatus.allCases.filter(\.isHandlingContacts) == [.live, .exiting])
    }
}

@Suite struct RoleTests {
    @Test func viewers_only_read() {
        #expect(Role.viewer.allows(.readWorkspace))
        #expect(!Role.viewer.allows(.editRegistry))
        #expect(!Role.viewer.allows(.editPartnerDirectory))
        #expect(!Role.viewer.allows(.administer))
    }

    @Test func partner_users_keep_their_directory_but_not_the_registry() {
        #expect(Role.partner.allows(.editPartnerDirectory))
        #expect(!Role.partner.allows(.editRegistry))
        #expect(!Role.partner.allows(.administer))
        #expect(Role.partner.isPartnerScoped)
        #expect(Role.allCases.filter(\.isPartnerScoped) == [.partner])
    }

    @Test func only_admins_administer() {
        #expect(Role.allCases.filter { $0.allows(.administer) } == [.admin])
        #expect(Role.allCases.filter(\.canBeRelationshipManager) == [.admin, .manager])
    }
}

@Suite struct ValidationTests {
    @Test func emails() {
        #expect(Check.isEmail("ana@example.com"))
        #expect(!Check.isEmail("ana@example"))
        #expect(!Check.isEmail("ana example@x.com"))
        #expect(!Check.isEmail("@x.com"))
        #expect(!Check.isEmail("a@b@c.com"))
    }

    @Test func first_error_per_field_wins_and_summary_is_sorted() {
        var errors = FieldErrors()
        Check.required("", "name", into: &errors)
        Check.required(String(repeating: "x", count: 300), "name", into: &errors)
        Check.countryCode("usa", "country", into: &errors)
        #expect(errors["name"] == "is required")
        #expect(errors.summary == "country: must be a two-letter ISO country code such as US; name: is required")
    }

    @Test func time_zones_languages_phones() {
        var errors = FieldErrors()
        Check.timeZone("America/Chicago", "tz", into: &errors)
        Check.languageTags(["en", "es-MX", "fil"], "languages", into: &errors)
        Check.phone("+1 (512) 555-0100", "phone", into: &errors)
        #expect(errors.isEmpty)
        Check.timeZone("Mars/Olympus", "tz", into: &errors)
        Check.languageTags(["english!"], "languages", into: &errors)
        Check.phone("call me", "phone", into: &errors)
        #expect(Set(errors.messages.keys) == ["tz", "languages", "phone"])
    }

    @Test func local_dates_parse_strictly() {
        #expect(LocalDate("2026-02-28")?.description == "2026-02-28")
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2026-2-1") == nil)
        #expect(LocalDate("2026-12-31")!.adding(days: 1).description == "2027-01-01")
        #expect(LocalDate("2026-01-09")! < LocalDate("2026-01-10")!)
    }

    @Test func lists_drop_blanks() {
        #expect(Check.list(" en, es-MX ,, ") == ["en", "es-MX"])
    }
}
