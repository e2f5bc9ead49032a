import Foundation
import Optim

extension Comparison {
    /// One problem instance of a grid: a kept problem at one seed and one start.
    public struct Instance: Sendable, Equatable {
        /// Index into `Plan.problems`.
        public let problem: Int
        /// The seed the problem is built with (`compare --seeds`), or nil: its own.
        public let seed: UInt64?
        /// 0: the problem's standard x₀ (or `--x0`); k ≥ 1: the k-th random start around it.
        public let start: Int

        /// The name rows carry: `mgh/wood#seed3#start2` — the bare name for the problem's
        /// own seed and standard start, so that a plain grid names rows as before; no `#seed`
        /// when the name already says it (`quadratic:n=50,cond=1000,seed=3`).
        public func label(_ name: String) -> String {
            let seedPart = seed.map { name.contains("seed=\($0)") ? "" : "#seed\($0)" } ?? ""
            return name + seedPart + (start > 0 ? "#start\(start)" : "")
        }
    }

    /// What one cell of the grid gave: a row, or why the pair did not run.
    public struct CellOutcome: Sendable {
        public let cell: Int
        public let row: Row?
        public let skipped: String?

        public init(cell: Int, row: Row) {
            self.cell = cell
            self.row = row
            skipped = nil
        }

        public init(cell: Int, skipped: String) {
            self.cell = cell
            row = nil
            self.skipped = skipped
        }
    }

    /// `--shard k/N`: the k-th (1-based) of N parts of a grid.
    public struct Shard: Sendable, Equatable, CustomStringConvertible {
        public let index: Int
        public let count: Int

        /// `3/7` → index 3 of 7; nil unless 1 ≤ k ≤ N.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
                return nil
            }
            index = k
            count = n
        }

        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }

        public var description: String { "\(index)/\(count)" }
    }
}

extension Comparison.Plan {
    /// The seeds axis: the given seeds, or one entry meaning "the problem's own".
    var seedAxis: [UInt64?] { seeds.map { $0.map(Optional.some) } ?? [nil] }

    public var instanceCount: Int { problems.count * seedAxis.count * starts }
    public var cellCount: Int { instanceCount * solvers.count }

    /// Cell `index` → its instance and solver; cells run problem × seed × start × solver.
    public func cell(_ index: Int) -> (instance: Comparison.Instance, solver: Comparison.SolverEntry) {
        let solver = index % solvers.count
        let instance = index / solvers.count
        let start = instance % starts
        let seed = (instance / starts) % seedAxis.count
        let problem = instance / (starts * seedAxis.count)
        return (Comparison.Instance(problem: problem, seed: seedAxis[seed], start: start), solvers[solver])
    }

    /// The work a cell is expected to take, for balancing shards before anything has run:
    /// n per iteration for methods that keep vectors, n² for those that keep or factor an
    /// n × n matrix (`SolverDescriptor.keepsDenseMatrix`), plus one for the fixed cost of a
    /// run. An estimate, not a measurement: it only has to be the same on every machine.
    public func estimatedWork(cell index: Int) -> Double {
        let (instance, entry) = cell(index)
        let n = Double(dimensions[instance.problem])
        return 1 + (entry.choice.descriptor.keepsDenseMatrix ? n * n : n)
    }

    /// The cells of shard k of N, in cell order: the longest-processing-time-first partition
    /// (Graham 1969) of the estimated work — cells by decreasing estimate (ties by index)
    /// each to the part with the least work so far (ties to the lowest part). Deterministic:
    /// the same grid gives the same parts on every machine, and the N parts cover the grid
    /// exactly once.
    public func cells(in shard: Comparison.Shard) -> [Int] {
        let order = (0..<cellCount).sorted { a, b in
            let wa = estimatedWork(cell: a), wb = estimatedWork(cell: b)
            return wa != wb ? wa > wb : a < b
        }
        // Every estimate is ≥ 1, so while a part is empty it takes the next cell: with more
        // parts than cells, cell i of the order goes to part i and the parts beyond are empty.
        guard shard.count < order.count else {
            return shard.index <= order.count ? [order[shard.index - 1]] : []
        }
        // The part with the least work (ties: the lowest) is the top of a binary heap ordered
        // by (load, part): O(cells · log N) rather than a scan of the N parts per cell.
        var heap = (0..<shard.count).map { (load: 0.0, part: $0) }
        func below(_ x: (load: Double, part: Int), _ y: (load: Double, part: Int)) -> Bool {
            x.load != y.load ? x.load < y.load : x.part < y.part
        }
        var mine: [Int] = []
        for cell in order {
            let part = heap[0].part
            if part == shard.index - 1 { mine.append(cell) }
            heap[0].load += estimatedWork(cell: cell)
            // Sift the grown top down.
            var i = 0
            while true {
                let left = 2 * i + 1, right = left + 1
                var least = i
                if left < heap.count && below(heap[left], heap[least]) { least = left }
                if right < heap.count && below(heap[right], heap[least]) { least = right }
                if least == i { break }
                heap.swapAt(i, least)
                i = least
            }
        }
        return mine.sorted()
    }

    /// Bytes a grid of `cells` cells takes before and while it runs, `runs` of them here: the
    /// order of the cells and their estimates (planning) and a row per run.
    public static func planningBytes(cells: Double, runs: Double) -> Double { cells * 24 + runs * 1024 }
}

/// `compare --starts k`: the random starting points beside x₀. Coordinate i is
/// x₀ᵢ + 0.1·max(1, |x₀ᵢ|)·uᵢ with uᵢ uniform on [−1, 1] — a perturbation relative to the
/// scale of each coordinate, as in the multiple-start studies of Moré & Wild (2009, §5). The
/// generator is seeded by the comparison's seed, the problem's name and the start's number,
/// so a start is the same in every run, shard and machine.
public enum RandomStart {
    public static let relativeRadius = 0.1

    public static func point(around x0: [Double], problem: String, seed: UInt64, index: Int) -> [Double] {
        let hash = FNV1a.hash("\(problem)#\(index)")
        var generator = SeededGenerator(seed: hash ^ seed)
        return x0.map { $0 + relativeRadius * max(1, abs($0)) * (2 * generator.uniform() - 1) }
    }
}
