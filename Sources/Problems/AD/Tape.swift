import Foundation

/// Reverse-mode automatic differentiation by operator overloading (a Wengert list): every
/// operation on `TapeScalar`s appends its result's local partial derivatives to the tape;
/// one backward sweep then accumulates the adjoints of all inputs at once — the gradient of a
/// scalar for a few times the cost of computing it, whatever n is (Griewank & Walther,
/// "Evaluating Derivatives", 2nd ed., ch. 3). The entries are kept between evaluations:
/// after the first, recording allocates nothing. Not thread-safe (one tape per objective).
final class Tape {
    /// Entry k: the operands (−1 for none) and ∂(entry k)/∂(operand).
    private struct Entry {
        var left: Int32
        var right: Int32
        var leftPartial: Double
        var rightPartial: Double
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var capacity: Int
    private(set) var count = 0
    private var adjoints: UnsafeMutablePointer<Double>
    private var adjointCapacity = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        entries = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        adjoints = UnsafeMutablePointer<Double>.allocate(capacity: 0)
    }

    deinit {
        entries.deallocate()
        adjoints.deallocate()
    }

    /// Forgets the recorded operations (keeps the storage).
    func reset() { count = 0 }

    /// A new independent variable with value `v` (entry `count`).
    func variable(_ v: Double) -> TapeScalar { record(v, -1, 0, -1, 0) }

    @inline(__always)
    func record(
        _ value: Double, _ left: Int32, _ leftPartial: Double, _ right: Int32, _ rightPartial: Double
    ) -> TapeScalar {
        if count == capacity { grow() }
        entries[count] = Entry(left: left, right: right, leftPartial: leftPartial, rightPartial: rightPartial)
        count += 1
        return TapeScalar(value: value, index: Int32(count - 1), tape: Unmanaged.passUnretained(self))
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Entry>.allocate(capacity: 2 * capacity)
        larger.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = larger
        capacity *= 2
    }

    /// Runs the backward sweep from the given seeds (adjoints of recorded values) and returns
    /// the adjoints of the first `inputs` entries (the variables, recorded first).
    /// - Parameter seed: called with a function that adds to an entry's adjoint.
    func gradient(inputs: Int, into out: UnsafeMutableBufferPointer<Double>, seed: ((Int32, Double) -> Void) -> Void) {
        if adjointCapacity < count {
            adjoints.deallocate()
            adjoints = UnsafeMutablePointer<Double>.allocate(capacity: count)
            adjointCapacity = count
        }
        adjoints.update(repeating: 0, count: count)
        let adjoints = self.adjoints
        seed { index, value in if index >= 0 { adjoints[Int(index)] += value } }
        var k = count - 1
        while k >= inputs {
            let a = adjoints[k]
            if a != 0 {
                let e = entries[k]
                if e.left >= 0 { adjoints[Int(e.left)] += a * e.leftPartial }
                if e.right >= 0 { adjoints[Int(e.right)] += a * e.rightPartial }
            }
            k -= 1
        }
        for i in 0..<inputs { out[i] = adjoints[i] }
    }
}

/// A number that records, on its tape, how it was computed (`Tape`). Constants carry no tape
/// (index −1); an operation on constants only is a constant.
struct TapeScalar: ADScalar {
    var value: Double
    var index: Int32
    var tape: Unmanaged<Tape>?

    init(_ value: Double) {
        self.value = value
        index = -1
        tape = nil
    }

    init(value: Double, index: Int32, tape: Unmanaged<Tape>?) {
        self.value = value
        self.index = index
        self.tape = tape
    }

    /// v = f(a), with ∂v/∂a = d.
    @inline(__always) static func unary(_ a: TapeScalar, _ v: Double, _ d: Double) -> TapeScalar {
        guard let tape = a.tape else { return TapeScalar(v) }
        return tape.takeUnretainedValue().record(v, a.index, d, -1, 0)
    }

    /// v = f(a, b), with partials da, db.
    @inline(__always) static func binary(
        _ a: TapeScalar, _ b: TapeScalar, _ v: Double, _ da: Double, _ db: Double
    ) -> TapeScalar {
        guard let tape = a.tape ?? b.tape else { return TapeScalar(v) }
        return tape.takeUnretainedValue().record(v, a.index, da, b.index, db)
    }

    static func + (a: TapeScalar, b: TapeScalar) -> TapeScalar { binary(a, b, a.value + b.value, 1, 1) }
    static func - (a: TapeScalar, b: TapeScalar) -> TapeScalar { binary(a, b, a.value - b.value, 1, -1) }
    static func * (a: TapeScalar, b: TapeScalar) -> TapeScalar { binary(a, b, a.value * b.value, b.value, a.value) }
    static func / (a: TapeScalar, b: TapeScalar) -> TapeScalar {
        let q = a.value / b.value
        return binary(a, b, q, 1 / b.value, -q / b.value)
    }
    static prefix func - (a: TapeScalar) -> TapeScalar { unary(a, -a.value, -1) }
    static func exp(_ a: TapeScalar) -> TapeScalar { let e = Foundation.exp(a.value); return unary(a, e, e) }
    static func expm1(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.expm1(a.value), Foundation.exp(a.value)) }
    static func log(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.log(a.value), 1 / a.value) }
    static func log1p(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.log1p(a.value), 1 / (1 + a.value)) }
    static func sqrt(_ a: TapeScalar) -> TapeScalar { let r = a.value.squareRoot(); return unary(a, r, 1 / (2 * r)) }
    static func sin(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.sin(a.value), Foundation.cos(a.value)) }
    static func cos(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.cos(a.value), -Foundation.sin(a.value)) }
    static func tan(_ a: TapeScalar) -> TapeScalar { let t = Foundation.tan(a.value); return unary(a, t, 1 + t * t) }
    static func asin(_ a: TapeScalar) -> TapeScalar {
        unary(a, Foundation.asin(a.value), 1 / (1 - a.value * a.value).squareRoot())
    }
    static func acos(_ a: TapeScalar) -> TapeScalar {
        unary(a, Foundation.acos(a.value), -1 / (1 - a.value * a.value).squareRoot())
    }
    static func atan(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.atan(a.value), 1 / (1 + a.value * a.value)) }
    static func sinh(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.sinh(a.value), Foundation.cosh(a.value)) }
    static func cosh(_ a: TapeScalar) -> TapeScalar { unary(a, Foundation.cosh(a.value), Foundation.sinh(a.value)) }
    static func tanh(_ a: TapeScalar) -> TapeScalar { let t = Foundation.tanh(a.value); return unary(a, t, 1 - t * t) }
    static func pow(_ a: TapeScalar, _ k: Int) -> TapeScalar {
        unary(a, integerPower(a.value, k), k == 0 ? 0 : Double(k) * integerPower(a.value, k - 1))
    }
    static func pow(_ a: TapeScalar, _ b: TapeScalar) -> TapeScalar {
        let v = Foundation.pow(a.value, b.value)
        let da = b.value == 0 ? 0 : b.value * Foundation.pow(a.value, b.value - 1)
        let db = v == 0 ? 0 : v * Foundation.log(a.value)
        return binary(a, b, v, da, db)
    }
}
