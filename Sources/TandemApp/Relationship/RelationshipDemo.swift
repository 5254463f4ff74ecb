import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// The relationship part of the demo workspace, dated relative to today so it always
/// shows a previous quarter (a full QBR) and the current one (work in progress).
enum RelationshipDemo {
    struct People {
        let admin: User, maria: User, dev: User
        let harborline: Partner, meridian: Partner, lotus: Partner
        /// Partner users per partner (program manager first).
        let partnerUsers: [UUID: [User]]
    }

    static func principal(_ user: User) -> Principal {
        Principal(userID: user.id!, name: user.name, email: user.email, role: user.role, partnerID: user.$partner.id)
    }

    static func load(_ people: People, now: Date = Date(), on db: any Database) async throws {
        let day: TimeInterval = 86_400
        let today = LocalDate(date: now)
        let current = Quarter(containing: today), previous = current.previous
        let maria = principal(people.maria)
        let h = people.harborline, m = people.meridian, l = people.lotus
        func ago(_ days: Double, hour: Double = 15) -> Date { today.startOfDayUTC.addingTimeInterval(-days * day + hour * 3_600) }
        func at(_ date: LocalDate, hour: Double = 15) -> Date { date.startOfDayUTC.addingTimeInterval(hour * 3_600) }
        let pStart = previous.firstDay

        // Escalation policies.
        _ = try await IncidentService.replacePolicy(.init(levels: [.init(person: "Team lead on duty", responseMinutes: 30), .init(person: "Beth Carter (program manager)", responseMinutes: 120),
                                                                   .init(person: "Harborline site director", responseMinutes: 240)]), partner: h, by: maria.actor, on: db)
        _ = try await IncidentService.replacePolicy(.init(levels: [.init(person: "Floor supervisor", responseMinutes: 60), .init(person: "Diego Ramírez (program manager)", responseMinutes: 180)]),
                                                    partner: m, by: maria.actor, on: db)
        _ = try await IncidentService.replacePolicy(.init(levels: [.init(person: "Ramon Santos (account director)", responseMinutes: 240)]), partner: l, by: principal(people.dev).actor, on: db)

        // Broadcasts, with acknowledgements on time, late and missing.
        func broadcast(_ kind: BroadcastKind, _ title: String, _ body: String, effective: LocalDate, ackBy: LocalDate?, audience: BroadcastAudience = .allPartners,
                       partners: [Partner] = [], links: [String] = [], sent: Date) async throws -> Broadcast {
            try await BroadcastService.create(.init(kind: kind, title: title, body: body, effectiveDate: effective, acknowledgeBy: ackBy, audience: audience,
                                                    partnerIDs: partners.map { $0.id! }, queueIDs: [], articleLinks: links, requiresAcknowledgement: ackBy != nil),
                                              by: maria.actor, now: sent, on: db)
        }
        func ack(_ b: Broadcast, _ partner: Partner, _ when: Date) async throws {
            try await BroadcastService.acknowledge(b, partnerID: partner.id!, by: principal(people.partnerUsers[partner.id!]![0]).actor, now: when, on: db)
        }
        let promo = try await broadcast(.promotion, "Autumn promotion: 20% off outerwear",
                                        "From **\(pStart.adding(days: 45))** every outerwear order gets *20% off* at checkout.\n\n- The code is applied automatically\n- Price-match requests: follow the usual process\n\nSee [the promotion FAQ](https://kb.northwind.example/promotions/autumn).",
                                        effective: pStart.adding(days: 45), ackBy: pStart.adding(days: 42), links: ["Autumn promotion FAQ | https://kb.northwind.example/promotions/autumn"], sent: at(pStart.adding(days: 35)))
        try await ack(promo, h, at(pStart.adding(days: 36)))
        try await ack(promo, m, at(pStart.adding(days: 44)))
        try await ack(promo, l, at(pStart.adding(days: 40)))
        let returns = try await broadcast(.policy, "Returns window extended to 60 days",
                                          "The returns window goes from 30 to **60 days** for every order placed from the effective date.\n\n1. Check the order date in the desktop\n2. Offer the prepaid label as before",
                                          effective: today.adding(days: -10), ackBy: today.adding(days: -12), links: ["Returns policy | https://kb.northwind.example/returns"], sent: ago(20))
        try await ack(returns, h, ago(19))
        try await ack(returns, m, ago(11))
        let tool = try await broadcast(.tool, "New order-tracking panel in the agent desktop",
                                       "A new **order tracking** panel replaces the carrier look-up. Training video in the knowledge base; the old screen stays read-only for two weeks.",
                                       effective: today.adding(days: 10), ackBy: today.adding(days: 5), links: ["Order tracking panel | https://kb.northwind.example/tools/tracking"], sent: ago(2))
        try await ack(tool, h, ago(1))
        _ = try await broadcast(.stockOut, "Stock-out: TrailPro boots sizes 9 to 11",
                                "TrailPro boots in sizes 9–11 are out of stock until the end of the month. Offer the *TrailLite* or a back-order with free shipping.",
                                effective: today.adding(days: -3), ackBy: nil, audience: .somePartners, partners: [h, m], sent: ago(4))
        let refund = try await broadcast(.process, "Refund approvals above $150 need a team lead",
                                         "Refunds above **$150** now need a team lead's approval in the desktop before they are issued.",
                                         effective: today.adding(days: -30), ackBy: today.adding(days: -32), audience: .somePartners, partners: [m, l], sent: ago(40))
        try await ack(refund, l, ago(33))

        // Meeting series and a meeting history with action items, some late.
        let weekly = try await CadenceService.createSeries(.init(cadence: .weekly, title: nil, firstStartsAt: at(pStart.adding(days: 6)), durationMinutes: 45), partner: h, by: maria.actor, on: db)
        _ = try await CadenceService.createSeries(.init(cadence: .quarterly, title: nil, firstStartsAt: at(previous.lastDay.adding(days: -8), hour: 16), durationMinutes: 90), partner: h, by: maria.actor, on: db)
        let biweekly = try await CadenceService.createSeries(.init(cadence: .biweekly, title: nil, firstStartsAt: at(pStart.adding(days: 8), hour: 17), durationMinutes: 45), partner: m, by: maria.actor, on: db)
        _ = try await CadenceService.createSeries(.init(cadence: .monthly, title: nil, firstStartsAt: at(pStart.adding(days: 20), hour: 17), durationMinutes: 60), partner: m, by: maria.actor, on: db)

        struct Item { let title: String; let side: ContactSide; let owner: String; let due: LocalDate; let done: LocalDate? }
        func meeting(_ partner: Partner, _ series: MeetingSeries, _ when: Date, notes: String, decisions: String, items: [Item]) async throws {
            let created = try await CadenceService.createMeeting(.init(title: nil, seriesID: series.id, startsAt: when), partner: partner, by: maria.actor, now: when, on: db)
            try await CadenceService.updateMeeting(created, with: .init(agenda: nil, notes: notes, decisions: decisions), by: maria.actor, on: db)
            for item in items {
                let action = try await CadenceService.addAction(.init(title: item.title, ownerSide: item.side, ownerName: item.owner, dueDate: item.due), meeting: created, by: maria.actor, on: db)
                if let done = item.done {
                    try await CadenceService.updateAction(action, with: .init(status: .done, completedOn: done), principal: maria, today: today, on: db)
                }
            }
        }
        let w1 = pStart.adding(days: 13), w2 = pStart.adding(days: 41), w3 = pStart.adding(days: 69)
        try await meeting(h, weekly, at(w1), notes: "Billing queue **SL at 78%** against 80%. Harborline hiring 6 agents for the promotion peak.",
                          decisions: "- Add a weekend billing shift during the promotion\n- Share the promotion FAQ with every team lead",
                          items: [Item(title: "Send the promotion FAQ to all team leads", side: .client, owner: "María López", due: w1.adding(days: 5), done: w1.adding(days: 3)),
                                  Item(title: "Staff a weekend billing shift", side: .partner, owner: "Beth Carter", due: w1.adding(days: 14), done: w1.adding(days: 12)),
                                  Item(title: "Share the hiring plan for the peak", side: .partner, owner: "Beth Carter", due: w1.adding(days: 7), done: w1.adding(days: 9))])
        try await meeting(h, weekly, at(w2), notes: "Refund errors after the price change, self-reported by Harborline the same day.",
                          decisions: "- Re-train billing agents on the new price table\n- Quality lead reviews 20 refunds a week until errors stop",
                          items: [Item(title: "Re-train billing agents on the new price table", side: .partner, owner: "Tom Nguyen", due: w2.adding(days: 10), done: w2.adding(days: 8)),
                                  Item(title: "Give Harborline read access to the pricing admin", side: .client, owner: "María López", due: w2.adding(days: 7), done: w2.adding(days: 11))])
        try await meeting(h, weekly, at(w3), notes: "Errors back to normal. Promotion volume 12% above forecast.",
                          decisions: "- Keep the weekend shift through the end of the quarter",
                          items: [Item(title: "Forecast the holiday peak with WFM", side: .client, owner: "Priya Nair", due: w3.adding(days: 10), done: w3.adding(days: 10))])
        let c1 = today.adding(days: -25), c2 = today.adding(days: -4)
        try await meeting(h, weekly, at(c1), notes: "Holiday peak plan reviewed.", decisions: "- Harborline adds 10 seats in Boise for December",
                          items: [Item(title: "Confirm the 10 extra Boise seats", side: .partner, owner: "Beth Carter", due: c1.adding(days: 7), done: c1.adding(days: 6)),
                                  Item(title: "Approve overtime budget for December", side: .client, owner: "María López", due: c1.adding(days: 10), done: nil),
                                  Item(title: "Send the December schedule", side: .partner, owner: "Beth Carter", due: c1.adding(days: 14), done: nil)])
        try await meeting(h, weekly, at(c2), notes: "Order-tracking tool training scheduled.", decisions: "",
                          items: [Item(title: "Schedule tracking-panel training for all agents", side: .partner, owner: "Tom Nguyen", due: c2.adding(days: 12), done: nil)])
        let b1 = pStart.adding(days: 22), b2 = pStart.adding(days: 64)
        try await meeting(m, biweekly, at(b1, hour: 17), notes: "Spanish chat CSAT at 91%.", decisions: "- Pilot Meridian's QA form on the returns queue",
                          items: [Item(title: "Share the QA form for the pilot", side: .partner, owner: "Lucía Gómez", due: b1.adding(days: 7), done: b1.adding(days: 5)),
                                  Item(title: "Give Meridian access to the returns knowledge base", side: .client, owner: "María López", due: b1.adding(days: 5), done: b1.adding(days: 9))])
        try await meeting(m, biweekly, at(b2, hour: 17), notes: "QA pilot results positive.", decisions: "- Extend the QA form to all chat queues",
                          items: [Item(title: "Roll the QA form out to all chat queues", side: .partner, owner: "Diego Ramírez", due: b2.adding(days: 14), done: b2.adding(days: 13))])
        let b3 = today.adding(days: -18)
        try await meeting(m, biweekly, at(b3, hour: 17), notes: "Refund approval change not yet acknowledged.", decisions: "",
                          items: [Item(title: "Acknowledge and brief team leads on refund approvals", side: .partner, owner: "Diego Ramírez", due: b3.adding(days: 3), done: nil),
                                  Item(title: "Send Meridian the bilingual returns macros", side: .client, owner: "María López", due: b3.adding(days: 7), done: b3.adding(days: 6))])

        // Incidents from every kind of source.
        func incident(_ partner: Partner, _ by: User, _ title: String, _ severity: IncidentSeverity, _ category: IncidentCategory, _ source: IncidentSource,
                      opened: Date, responded: Date?, resolved: Date?, rootCause: String = "", corrective: String = "", status: IncidentStatus) async throws {
            let created = try await IncidentService.create(.init(title: title, severity: severity, category: category, source: source, description: title + ". Details in the meeting notes.", openedAt: opened),
                                                           partner: partner, principal: principal(by), now: now, on: db)
            if status != .open || responded != nil {
                try await IncidentService.update(created, with: .init(status: status, rootCause: rootCause, correctiveAction: corrective, respondedAt: responded, resolvedAt: resolved),
                                                 by: principal(by).actor, now: now, on: db)
            }
        }
        let hpm = people.partnerUsers[h.id!]![0], mpm = people.partnerUsers[m.id!]![0]
        try await incident(h, hpm, "Wrong refund amounts quoted after the price change", .high, .quality, .partner, opened: at(w2, hour: 10), responded: at(w2, hour: 10.25),
                           resolved: at(w2.adding(days: 9)), rootCause: "Agents used the old price table cached in a team-lead spreadsheet.", corrective: "Spreadsheet withdrawn; agents re-trained; 20 refunds a week reviewed.", status: .closed)
        try await incident(h, people.maria, "Callbacks promised but not made", .medium, .process, .client, opened: at(pStart.adding(days: 55), hour: 14), responded: at(pStart.adding(days: 55), hour: 16),
                           resolved: at(pStart.adding(days: 60)), rootCause: "Callback queue not monitored at weekends.", corrective: "Weekend supervisor owns the callback queue.", status: .resolved)
        try await incident(h, people.maria, "Customer complaint: rude agent on billing call", .high, .quality, .customer, opened: ago(3, hour: 9), responded: nil, resolved: nil, status: .open)
        try await incident(h, hpm, "Phone outage at the Tampa site for 40 minutes", .critical, .technology, .partner, opened: ago(12, hour: 13), responded: ago(12, hour: 13.3),
                           resolved: ago(12, hour: 14), rootCause: "Carrier fibre cut.", corrective: "Failover to Boise tested monthly.", status: .resolved)
        try await incident(m, mpm, "Spanish macros sent to English-speaking customers", .low, .process, .partner, opened: ago(8, hour: 16), responded: ago(8, hour: 16.5), resolved: nil, status: .investigating)
        try await incident(m, people.maria, "Customer complaint: refund promised twice", .medium, .quality, .customer, opened: at(pStart.adding(days: 30), hour: 15), responded: at(pStart.adding(days: 30), hour: 18),
                           resolved: at(pStart.adding(days: 33)), rootCause: "Duplicate tickets from chat and email.", corrective: "Merge rule added in the desktop.", status: .closed)
        try await incident(l, people.dev, "Onboarding class started without system access", .medium, .technology, .client, opened: ago(6, hour: 2), responded: nil, resolved: nil, status: .open)

        // Two quarters of trust surveys, both ways.
        let rounds = [
            try await SurveyService.createRound(.init(title: nil, quarter: previous.description, opensOn: previous.lastDay.adding(days: -20), closesOn: previous.lastDay.adding(days: -6)), by: maria.actor, on: db),
            try await SurveyService.createRound(.init(title: nil, quarter: current.description, opensOn: today.adding(days: -10), closesOn: today.adding(days: 4)), by: maria.actor, on: db),
        ]
        let clientKeys = SurveyInstrument.clientRatesPartner.map(\.key), partnerKeys = SurveyInstrument.partnerRatesClient.map(\.key)
        func scores(_ keys: [String], _ values: [Int]) -> [String: Int] { Dictionary(uniqueKeysWithValues: zip(keys, values)) }
        let clientRatings: [UUID: [[[Int]]]] = [ // partner → round → rater → item scores
            h.id!: [[[4, 4, 3, 4, 4, 5], [4, 3, 4, 4, 3, 5], [5, 4, 3, 3, 4, 4]], [[4, 5, 4, 5, 5, 5], [4, 4, 5, 4, 4, 5], [5, 4, 4, 5, 4, 5]]],
            m.id!: [[[5, 4, 4, 4, 3, 5], [4, 4, 4, 3, 3, 4], [4, 5, 4, 4, 4, 5]], [[4, 4, 3, 3, 3, 4], [4, 3, 3, 4, 3, 5], [3, 4, 3, 3, 2, 4]]],
            l.id!: [[], [[3, 3, 4, 4, 3, 4], [3, 4, 4, 3, 3, 4]]],
        ]
        let comments = ["Tells us about problems before we find them.", "Billing accuracy slipped during the promotion.", "Great partnership on the peak plan."]
        let raters = [people.admin, people.maria, people.dev]
        for (partnerID, perRound) in clientRatings {
            let partner = [h, m, l].first { $0.id == partnerID }!
            for (index, round) in rounds.enumerated() {
                for (raterIndex, values) in perRound[index].enumerated() {
                    try await SurveyService.respond(.init(scores: scores(clientKeys, values), comment: comments[(raterIndex + index) % comments.count]), round: round, partner: partner,
                                                    principal: principal(raters[raterIndex]), today: LocalDate(round.closesOn)!, now: at(LocalDate(round.closesOn)!), on: db)
                }
            }
        }
        let partnerRatings: [UUID: [[[Int]]]] = [
            h.id!: [[[3, 4, 3, 3, 4], [3, 4, 4, 3, 3], [2, 4, 3, 3, 4]], [[4, 4, 4, 3, 4], [4, 5, 4, 4, 4], [3, 4, 4, 4, 5]]],
            m.id!: [[[3, 3, 2, 3, 4], [3, 4, 3, 2, 3], [4, 3, 3, 3, 3]], [[2, 3, 3, 2, 3], [3, 3, 2, 3, 3], [2, 4, 3, 3, 3]]],
            l.id!: [[], [[4, 4, 3, 2, 4]]],
        ]
        let partnerComments = ["Tell us about promotions two weeks earlier, please.", "Access to the pricing admin made a real difference.", "More training on the new tools before go-live."]
        for (partnerID, perRound) in partnerRatings {
            let partner = [h, m, l].first { $0.id == partnerID }!
            for (index, round) in rounds.enumerated() {
                for (raterIndex, values) in perRound[index].enumerated() {
                    try await SurveyService.respond(.init(scores: scores(partnerKeys, values), comment: partnerComments[(raterIndex + index) % partnerComments.count]), round: round, partner: partner,
                                                    principal: principal(people.partnerUsers[partnerID]![raterIndex]), today: LocalDate(round.closesOn)!, now: at(LocalDate(round.closesOn)!), on: db)
                }
            }
        }

        // Candid feedback both ways.
        _ = try await FeedbackService.add(.init(body: "Thank you for flagging the refund errors the same day: that is exactly what we want."), partner: h, principal: maria, now: at(w2.adding(days: 1)), on: db)
        _ = try await FeedbackService.add(.init(body: "We learned about the promotion only ten days ahead; two weeks would let us hire in time."), partner: h, principal: principal(hpm), now: at(w2.adding(days: 2)), on: db)
        _ = try await FeedbackService.add(.init(body: "The refund-approval change still is not acknowledged; please brief your team leads."), partner: m, principal: maria, now: ago(15), on: db)
        _ = try await FeedbackService.add(.init(body: "The bilingual macros helped a lot. Could we get the returns KB in Spanish too?"), partner: m, principal: principal(mpm), now: ago(5), on: db)
    }
}
