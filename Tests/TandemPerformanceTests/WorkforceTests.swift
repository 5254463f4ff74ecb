import Testing
import TandemPerformance

@Suite struct WorkforceTests {
    @Test func occupancy_is_handle_over_handle_plus_idle() {
        // two agent-days: (10 000 + 11 600) s handle, (1 000 + 1 400) s idle → 21 600 ÷ 24 000
        let time = OccupancyTime(handleSeconds: 10_000, availableIdleSeconds: 1_000)
            + OccupancyTime(handleSeconds: 11_600, availableIdleSeconds: 1_400)

        let occupancy = WorkforceKPIs.occupancy(time, minimumSample: 2)

        #expect(occupancy.value == 0.9)
        #expect(occupancy.sampleSize == 2)
        #expect(occupancy.status == .value)
        #expect(occupancy.formula == "handle time ÷ (handle time + available idle time)")
        #expect(WorkforceKPIs.occupancy(time).status == .notEnoughData(sampleSize: 2, minimum: 30))
    }

    @Test func shrinkage_splits_planned_and_unplanned() {
        // 160 paid hours, 16 planned (training) + 8 unplanned (sickness) not available
        let result = WorkforceKPIs.shrinkage(PaidHours(paidHours: 160, plannedUnavailableHours: 16, unplannedUnavailableHours: 8, agentPeriods: 20))

        #expect(result.total.value == 0.15)      // 24 ÷ 160
        #expect(result.planned.value == 0.1)     // 16 ÷ 160
        #expect(result.unplanned.value == 0.05)  // 8 ÷ 160
        #expect(result.total.numerator == result.planned.numerator + result.unplanned.numerator)
        #expect(result.total.kind == .shrinkage)
        #expect(result.planned.kind == .plannedShrinkage)
        #expect(result.total.sampleSize == 20)
    }

    @Test func shrinkage_without_paid_hours_is_no_data() {
        let result = WorkforceKPIs.shrinkage(PaidHours(paidHours: 0, plannedUnavailableHours: 0, unplannedUnavailableHours: 0))

        #expect(result.total.status == .noData)
    }

    @Test func adherence_is_scheduled_minus_out_over_scheduled() {
        // (480 − 24) ÷ 480 = 456 ÷ 480
        let adherence = WorkforceKPIs.scheduleAdherence(AdherenceMinutes(scheduledMinutes: 480, minutesOutOfAdherence: 24))

        #expect(adherence.value == 0.95)
        #expect(adherence.numerator == 456)
        #expect(adherence.formula == "(scheduled minutes − minutes out of adherence) ÷ scheduled minutes")
    }

    @Test func attrition_is_annualized_over_average_headcount() {
        // average headcount (100 + 140) ÷ 2 = 120; 6 ÷ 120 = 0.05 per 73 days; × 365 ÷ 73 = × 5 → 0.25 a year
        let attrition = WorkforceKPIs.annualizedAttrition(HeadcountPeriod(leavers: 6, startHeadcount: 100, endHeadcount: 140, days: 73))

        #expect(isClose(attrition.value, 0.25))
        #expect(attrition.numerator == 6)
        #expect(attrition.denominator == 120)
        #expect(attrition.sampleSize == 120)
        #expect(attrition.formula == "leavers ÷ ((start + end headcount) ÷ 2) × 365 ÷ 73 days")
    }

    @Test func attrition_over_a_full_year_is_not_scaled() {
        // 3 ÷ ((11 + 12) ÷ 2 = 11.5) × 365 ÷ 365; 11.5 people round up to a sample of 12
        let attrition = WorkforceKPIs.annualizedAttrition(HeadcountPeriod(leavers: 3, startHeadcount: 11, endHeadcount: 12, days: 365))

        #expect(isClose(attrition.value, 3 / 11.5))
        #expect(attrition.sampleSize == 12)
    }

    @Test func attrition_without_people_or_days_is_no_data() {
        #expect(WorkforceKPIs.annualizedAttrition(HeadcountPeriod(leavers: 0, startHeadcount: 0, endHeadcount: 0, days: 30)).status == .noData)
        #expect(WorkforceKPIs.annualizedAttrition(HeadcountPeriod(leavers: 1, startHeadcount: 10, endHeadcount: 10, days: 0)).status == .noData)
    }
}
