import Foundation
import Optim
#if canImport(Glibc)
import Glibc
#endif

/// An objective that lives in another process, spoken to in the line protocol of
/// `optbench eval --stdin`, reversed: OptBench writes one JSON array x per line and reads one
/// line `{"f": …, "g": […]}` back (`{"f": …}` alone when the gradient comes from finite
/// differences; `null` for a non-finite number; `{"error": "…"}` to give up with a reason). A program
/// with constraints also answers `{"want": ["c", "J"], "x": […]}` requests (`ProgramConstraints`).
///
/// Two partners: a program OptBench starts (`exec:` and problem files of kind "program"; one
/// child per objective, started at the first evaluation, ended with the objective), or the
/// process that started OptBench (`--problem pipe`: requests on OptBench's stdout, answers on
/// its stdin). Anything that goes wrong — the program exits, closes its stdout, prints a
/// malformed line or a gradient of the wrong length, does not answer within `timeout`, or
/// the user presses Ctrl-C — becomes `failure`, which ends the run at the last accepted
/// iterate (status evaluation-failed, or interrupted).
public final class ExternalObjective: FallibleObjective {
    public let dimension: Int
    /// Whether answers carry "g" (false: the gradient comes from finite differences of f).
    public let answersGradient: Bool
    /// Seconds one answer may take; nil: no limit (Ctrl-C still ends the wait).
    public let timeout: Double?
    public private(set) var failure: EvaluationFailure?
    /// Requests sent so far (the evaluation number in messages).
    public private(set) var requests = 0

    private let partner: Partner
    /// The most numbers one answer holds (n, or m·n + m with constraints): it sizes the longest line.
    var answerWidth: Int
    private var child: ChildProcess?
    private var reader: LineReader?
    var request: [UInt8] = []

    /// Who answers.
    public enum Partner: Sendable {
        /// A program started with these words (the first one located), in `directory` (nil:
        /// the current one).
        case program(command: [String], executable: String, directory: String?)
        /// The process that started OptBench, over OptBench's stdin and stdout.
        case caller
    }

    public init(dimension: Int, partner: Partner, answersGradient: Bool, timeout: Double?) {
        self.dimension = dimension
        self.partner = partner
        self.answersGradient = answersGradient
        self.timeout = timeout
        answerWidth = dimension
        request.reserveCapacity(dimension * 24 + 3)
    }

    deinit { child?.terminate() }

    /// Ends the program now (it would end with the objective anyway).
    public func finish() {
        child?.terminate()
        child = nil
    }

    /// Ends the program after a run that did not fail, first giving it a moment to show
    /// output nobody asked for: a line written before the first request shifts every answer
    /// by one, which only the line left over at the end can reveal.
    /// - Returns: that failure, or nil.
    public func finishChecked() -> EvaluationFailure? {
        if failure == nil, requests > 0, reader != nil {
            let deadline = Date().addingTimeInterval(0.2)
            while Date() < deadline {
                if reader!.hasUnread() {
                    failure = EvaluationFailure(
                        "\(who) wrote more lines than it was asked for: its answers to the \(requests) evaluations may "
                            + "be off by one (one answer line per request, nothing else on stdout)"
                    )
                    break
                }
                if child?.exitDescription() != nil { break }
                usleep(5_000)
            }
        }
        finish()
        return failure
    }

    /// "the program" or "the caller", for messages.
    var who: String { if case .caller = partner { "the caller" } else { "the program" } }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        ask(x, gradient: nil)
    }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        ask(x, gradient: gradient)
    }

    func fail(_ message: String, interrupted: Bool = false) -> Double {
        failure = EvaluationFailure(message, isInterruption: interrupted)
        finish()
        return .nan
    }

    private func ask(_ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>?) -> Double {
        gradient?.update(repeating: .nan)
        guard failure == nil else { return .nan }
        encode(x)
        guard let (line, number) = exchange(label: { "evaluation \($0)" }) else { return .nan }
        return read(line, number: number, gradient: gradient)
    }

    /// Sends `request` and reads the one answer line, checking that nothing else was written.
    /// - Parameter label: names the request in messages from its number ("evaluation 4").
    /// - Returns: the line and the request's number; nil after a failure (then set).
    func exchange(label: (Int) -> String) -> (line: [UInt8], number: Int)? {
        if reader == nil {
            switch partner {
            case .program(let command, let executable, let directory):
                do { child = try ChildProcess(command: command, executable: executable, directory: directory) } catch {
                    _ = fail(error.message)
                    return nil
                }
                reader = LineReader(descriptor: child!.outputDescriptor, maxLength: 64 * answerWidth + 65_536)
            case .caller:
                reader = LineReader(descriptor: 0, maxLength: 64 * answerWidth + 65_536)
            }
        }
        requests += 1
        let number = requests
        var named: String { label(number) }  // built only for a message
        if reader!.hasUnread() {
            _ = fail(
                "\(who) wrote output before \(named) was asked for (one answer line per request, nothing "
                    + "else on stdout)"
            )
            return nil
        }
        guard send() else {
            let gone = child?.exitDescription().map { "\(who) \($0)" } ?? "\(who) stopped reading its input"
            _ = fail("\(gone) before \(named)")
            return nil
        }
        let child = self.child
        switch reader!.next(timeout: timeout, gone: { child?.exitDescription() != nil }) {
        case .line(let line):
            if reader!.hasUnread() {
                _ = fail(
                    "\(who) answered \(named) with more than one line (one answer line per request, "
                        + "nothing else on stdout)"
                )
                return nil
            }
            return (line, number)
        case .endOfFile:
            if let child {
                // Give a program that closed its stdout a moment to finish exiting, to say how it ended.
                for _ in 0..<20 where child.exitDescription() == nil { usleep(10_000) }
                if let ended = child.exitDescription() {
                    _ = fail("\(who) \(ended) before answering \(named)")
                    return nil
                }
            }
            _ = fail("\(who) closed its output before answering \(named)")
        case .timedOut:
            let startUp = number == 1 && child != nil ? " (its start-up included)" : ""
            _ = fail("\(who) did not answer \(named) within \(NumberText.format(timeout ?? 0)) s\(startUp)")
        case .interrupted:
            _ = fail("interrupted while \(who) computed \(named)", interrupted: true)
        case .tooLong:
            _ = fail("\(who)'s answer to \(named) is longer than \(reader!.maxLength) bytes without a newline")
        case .failed(let reason):
            _ = fail("reading \(who)'s answer to \(named): \(reason)")
        }
        return nil
    }

    /// x as one JSON line (shortest round-trip decimal, null for a non-finite element).
    func encode(_ x: UnsafeBufferPointer<Double>) {
        request.removeAll(keepingCapacity: true)
        request.append(UInt8(ascii: "["))
        for i in 0..<x.count {
            if i > 0 { request.append(UInt8(ascii: ",")) }
            if x[i].isFinite {
                request.append(contentsOf: x[i].description.utf8)
            } else {
                request.append(contentsOf: "null".utf8)
            }
        }
        request.append(contentsOf: "]\n".utf8)
    }

    private func send() -> Bool {
        if let child { return child.write(request) }
        var offset = 0
        while offset < request.count {
            let written = request.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, request.count - offset) }
            if written < 0 { if errno == EINTR { continue }; return false }
            offset += written
        }
        return true
    }

    /// Reads one answer line into f (returned) and `gradient`.
    private func read(_ line: [UInt8], number: Int, gradient: UnsafeMutableBufferPointer<Double>?) -> Double {
        let named = "evaluation \(number)"
        let expected = "{\"f\": …\(answersGradient ? ", \"g\": […]" : "")}"
        guard let (fields, shown) = answerFields(line, named: named, expected: expected) else { return .nan }
        let f: Double
        switch fields["f"] {
        case .number(let v): f = v
        case .null: f = .nan
        case nil: return fail("\(who)'s answer to \(named) has no \"f\": '\(shown())'")
        case let other?:
            return fail("\(who)'s answer to \(named): \"f\" is \(other.kindName), expected a number or null")
        }
        guard let gradient else { return f }
        guard let g = fields["g"] else {
            return fail(
                "\(who)'s answer to \(named) has no \"g\" (for a function without a gradient use "
                    + "--gradient fd): '\(shown())'"
            )
        }
        return readNumbers(g, field: "g", named: named, into: gradient) ? f : .nan
    }

    /// The members of an answer line that is a JSON object without an "error"; nil after a failure
    /// (then set). `shown` is the line as messages quote it: at most 80 characters, control
    /// characters as '?' (built only when a message needs it: answers can be megabytes).
    func answerFields(_ line: [UInt8], named: String, expected: String)
        -> (fields: [String: JSONValue], shown: () -> String)?
    {
        var line = line
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }  // a byte-order mark
        let shown: () -> String = { [line] in
            let head = String(decoding: line.prefix(320), as: UTF8.self)
                .map { $0.isASCII && ($0.asciiValue! < 32 || $0.asciiValue! == 127) ? "?" : $0 }
            return head.count > 80 || line.count > 320 ? String(head.prefix(77)) + "…" : String(head)
        }
        let value: JSONValue
        do { value = try JSON.parse(line) } catch {
            _ = fail("\(who)'s answer to \(named) is not JSON (\(error.message)): '\(shown())'")
            return nil
        }
        guard case .object(let fields) = value else {
            _ = fail("\(who)'s answer to \(named) is \(value.kindName), expected \(expected): '\(shown())'")
            return nil
        }
        if let error = fields["error"], error != .null {
            let reason = switch error {
            case .string(let s): s
            case .number(let v): NumberText.format(v)
            default: "(an error given as \(error.kindName))"
            }
            _ = fail("\(who) reported an error at \(named): \(reason)")
            return nil
        }
        return (fields, shown)
    }

    /// Reads `value`, the member `field` of an answer, into `out`: an array of exactly `out.count`
    /// numbers (null for a non-finite one). False after a failure (then set).
    func readNumbers(_ value: JSONValue, field: String, named: String, into out: UnsafeMutableBufferPointer<Double>)
        -> Bool
    {
        guard case .array(let items) = value else {
            _ = fail(
                "\(who)'s answer to \(named): \"\(field)\" is \(value.kindName), expected an array of "
                    + "\(out.count) numbers")
            return false
        }
        guard items.count == out.count else {
            _ = fail("\(who)'s answer to \(named): \"\(field)\" has \(items.count) numbers, expected \(out.count)")
            return false
        }
        for (i, item) in items.enumerated() {
            switch item {
            case .number(let v): out[i] = v
            case .null: out[i] = .nan
            default:
                _ = fail(
                    "\(who)'s answer to \(named): \"\(field)\"[\(i)] is \(item.kindName), expected a number or null")
                return false
            }
        }
        return true
    }
}
