import Foundation
import Optim
import Testing

@testable import Problems

/// The Hock–Schittkowski problem files (problems/hs/NAME.json) against the independent NumPy
/// transcription of the book (Tests/Data/hs-reference.json, written by
/// scripts/reference/hock_schittkowski.py): the dimension, the count of each constraint kind, f(x₀),
/// c(x₀) and the bounds to 1e-12; f at the published x* against the published f* (the published x* has
/// 7–10 digits: 2e-6 relative); and at x* the constraints equal NumPy's to 1e-10 of their scale and are
/// feasible to 1e-6 of it (scale 1 + Σᵢ |∂cⱼ/∂xᵢ|·|xᵢ*|, the accuracy of a 7-digit x*), x* inside the box.
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
        let c_x_star: [Double]
        let c_scale: [Double]
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
        #expect(files.count == 101)
        #expect(Set(files) == Set(Self.references.keys))
    }

    @Test(arguments: references.keys.sorted())
    func startConstraintsAndOptimum(name: String) throws {
        let reference = try #require(Self.references[name])
        let problem = try ProblemFile.load(path: repositoryPath("problems/hs/\(name).json"))
        #expect(problem.dimension == reference.x0.count)
        #expect(problem.start == reference.x0)
        let f0 = problem.start.withUnsafeBufferPointer { problem.objective.value(at: $0) }
        #expect(Self.close(f0, reference.f_x0, 1e-12), "\(name): f(x0) = \(f0), NumPy \(reference.f_x0)")
        let m = reference.c_x0.count
        #expect((problem.constraints?.count ?? 0) == m)
        let equalities = reference.kinds.filter { $0 == "==" }.count
        let fileEqualities = problem.constraints.map { c in (0..<c.count).filter { c.lower[$0] == c.upper[$0] }.count }
        #expect((fileEqualities ?? 0) == equalities)
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
        if let constraints = problem.constraints {
            checkConstraintsAtMinimizer(name: name, constraints, reference)
        }
        let box = problem.bounds ?? Bounds.unbounded(dimension: problem.dimension)
        for i in 0..<problem.dimension {
            let x = reference.x_star[i]
            #expect(x >= box.lower[i] - 1e-9 && x <= box.upper[i] + 1e-9, "\(name): x*[\(i)] = \(x) outside the box")
        }
        #expect(box.lower == reference.lower.map { $0 ?? -.infinity })
        #expect(box.upper == reference.upper.map { $0 ?? .infinity })
        let fStar = reference.x_star.withUnsafeBufferPointer { problem.objective.value(at: $0) }
        #expect(
            Self.close(fStar, reference.f_star, 2e-6), "\(name): f(x*) = \(fStar), published f* \(reference.f_star)")
        #expect(problem.minimum == reference.f_star)
        #expect(problem.minimizer == reference.x_star)
    }

    /// c(x*) against NumPy's to 1e-10 of each constraint's scale, and feasibility (g ≥ 0, h = 0) to 1e-6 of it.
    func checkConstraintsAtMinimizer(name: String, _ constraints: ConstraintFunctions, _ reference: Reference) {
        let m = reference.c_x_star.count
        var c = [Double](repeating: 0, count: m)
        reference.x_star.withUnsafeBufferPointer { x in
            c.withUnsafeMutableBufferPointer { constraints.values(at: x, into: $0) }
        }
        for i in 0..<m {
            let scale = reference.c_scale[i]
            #expect(
                abs(c[i] - reference.c_x_star[i]) <= 1e-10 * scale,
                "\(name) c\(i)(x*) = \(c[i]), NumPy \(reference.c_x_star[i])")
            let violation = reference.kinds[i] == "==" ? abs(c[i]) : max(-c[i], 0)
            #expect(violation <= 1e-6 * scale, "\(name) c\(i)(x*) = \(c[i]) infeasible beyond 1e-6 × \(scale)")
        }
    }
}
