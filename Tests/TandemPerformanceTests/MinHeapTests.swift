import Testing
@testable import TandemPerformance

/// The reorder buffer's heap hands elements back smallest first, whatever the order of pushes
/// and pops (checked against a sorted array).
@Suite struct MinHeapTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func pops_come_out_smallest_first_under_interleaved_pushes(seed: UInt64) {
        var random = SeededGenerator(seed: 0x4EA9_0000 + seed)
        var heap = MinHeap<Int>()
        var reference: [Int] = []
        for _ in 0..<20_000 {
            if random.below(3) < 2 || reference.isEmpty {
                let value = random.below(500)  // many ties
                heap.push(value)
                reference.append(value)
            } else {
                reference.sort()
                #expect(heap.pop() == reference.removeFirst())
            }
            #expect(heap.count == reference.count && heap.top == reference.min())
        }
        reference.sort()
        var drained: [Int] = []
        while let value = heap.pop() { drained.append(value) }
        #expect(drained == reference)
        #expect(heap.pop() == nil && heap.top == nil)
    }
}
