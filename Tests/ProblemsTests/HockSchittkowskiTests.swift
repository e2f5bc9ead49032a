import Foundation
import Optim
import Testing

@testable import Problems

/// The Hock–Schittkowski problem files (problems/hs/NAME.json) against the independent NumPy
/// transcription of the book (Tests/Data/hs-reference.json, written by
/// scripts/reference/hock_schittkowski.py): f(x₀), c(x₀) and the bounds to 1e-12, and f at the
/// published x* against the published f* (the published x* has 7–10 digits: 2e-6 relative).
@Suite struct HockSchittkowskiTests {
    struct Reference: Decodable {
        let x0: [Double]
        let f_x0: Double
        let kinds: [String]
        let c_x0: [Double]
        let lower: [Double?]
        let upper: [Double?]
        let x_star: [Double]
        let f_star: Double
    }

    static let references: [String: Reference] = {
        guard let data = FileManager.default.contents(atPath: repositoryPath("Tests/Data/hs-reference.json")) else {
            return [:]
        }
        return (try? JSONDecoder().decode([String: Reference].self, from: data)) ?? [:]
    }()

    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func everyFileHasItsReference() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryPath("problems/hs"))
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(files.count == 26)
        #expect(Set(files) == Set(Self.references.keys))
    }

    @Test(arguments: references.keys.sorted())
    func startConstraintsAndOptimum(name: String) throws {
        let reference = try #require(Self.references[name])
        let problem = try ProblemFile.load(path: repositoryPath("problems/hs/\(name).json"))
        #expect(problem.start == reference.x0)
        let f0 = problem.start.withUnsafeBufferPointer { problem.objective.value(at: $0) }
        #expect(Self.close(f0, reference.f_x0, 1e-12), "\(name): f(x0) = \(f0), NumPy \(reference.f_x0)")
        let m = reference.c_x0.count
        #expect((problem.constraints?.count ?? 0) == m)
        if let constraints = problem.constraints {
            var c = [Double](repeating: 0, count: m)
            problem.start.withUnsafeBufferPointer { x in
                c.withUnsafeMutableBufferPointer { constraints.values(at: x, into: $0) }
            }
            for i in 0..<m {
                #expect(
                    Self.close(c[i], reference.c_x0[i], 1e-12),
                    "\(name) c\(i)(x0) = \(c[i]), NumPy \(reference.c_x0[i])")
                // The book's form: g ≥ 0 or h = 0.
                #expect(constraints.lower[i] == 0)
                #expect(constraints.upper[i] == (reference.kinds[i] == "==" ? 0 : .infinity))
            }
        }
        let box = problem.bounds ?? Bounds.unbounded(dimension: problem.dimension)
        #expect(box.lower == reference.lower.map { $0 ?? -.infinity })
        #expect(box.upper == reference.upper.map { $0 ?? .infinity })
        let fStar = reference.x_star.withUnsafeBufferPointer { problem.objective.value(at: $0) }
        #expect(
            Self.close(fStar, reference.f_star, 2e-6), "\(name): f(x*) = \(fStar), published f* \(reference.f_star)")
        #expect(problem.minimum == reference.f_star)
    }
}
