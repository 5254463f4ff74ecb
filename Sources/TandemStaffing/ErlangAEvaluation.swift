import Foundation

extension ErlangA {
    /// Metrics at `agents` given D = (1 − B)/B from the carried Erlang B recurrence; the
    /// formulas are listed on `ErlangA`. Everything is divided through by the queue tail's
    /// scale e^L, so D·e^(−L) and the tail sums meet in range even when the tail is e^(1000).
    static func evaluate(
        trafficErlangs a: Double, ahtSeconds: Double, patienceSeconds theta: Double,
        agents: Int, blockingExcess d: Double, answerWithinSeconds t: Double,
        skipThreshold: Int = QueueTail.defaultSkipThreshold
    ) -> QueueMetrics {
        let n = Double(agents)
        let perHandleTime = theta / ahtSeconds
        let y = a * perHandleTime
        let alpha = n * perHandleTime
        let tail = QueueTail(ratio: y, offset: alpha, skipThreshold: skipThreshold)
        let below = exp(log(d) - tail.logScale)  // D·e^(−L); log(0) = −∞ gives 0
        guard below.isFinite else {
            // B underflowed: so many agents that nobody ever waits.
            return QueueMetrics(
                agents: agents, trafficErlangs: a, answerWithinSeconds: t, isStable: true,
                probabilityOfWaiting: 0, probabilityOfAbandoning: 0, serviceLevel: 1, serviceLevelOfAnswered: 1,
                asaSeconds: 0, meanWaitAllSeconds: 0, occupancy: a / n
            )
        }
        let atN = exp(-tail.logScale)  // the m = 0 state, t₀ = 1
        let total = below + atN + tail.sum

        let waiting = (atN + tail.sum) / total
        let abandoning = tail.firstMoment / y / total
        let answered = 1 - abandoning
        let answeredShare = alpha / y  // = N ÷ A
        let waitOfAnswered = theta * answeredShare * tail.harmonicMoment / total

        // Customers answered after waiting, within T (see `ErlangA`): Σ t_m − c·Σ q^m·t_m.
        let q = exp(-t / theta)
        let discounted = QueueTail(ratio: q * y, offset: alpha, skipThreshold: skipThreshold)
        let logC = -n * t / ahtSeconds - y * expm1(-t / theta)
        let late = exp(logC + discounted.logSum - tail.logScale)
        let answeredInTimeAfterWait = answeredShare * max(0, tail.sum - late)
        let serviceLevel = (below + answeredInTimeAfterWait) / total

        // Deep in overload P(abandon) ≈ 1 − N/A and occupancy ≈ 1 come out as differences
        // that can round a hair past their bounds; the clamp keeps reports in [0, 1].
        return QueueMetrics(
            agents: agents, trafficErlangs: a, answerWithinSeconds: t, isStable: true,
            probabilityOfWaiting: unit(waiting), probabilityOfAbandoning: unit(abandoning),
            serviceLevel: unit(serviceLevel), serviceLevelOfAnswered: unit(serviceLevel / answered),
            asaSeconds: waitOfAnswered / answered, meanWaitAllSeconds: abandoning * theta,
            occupancy: unit(a * answered / n)
        )
    }

    private static func unit(_ probability: Double) -> Double {
        min(1, max(0, probability))
    }
}
