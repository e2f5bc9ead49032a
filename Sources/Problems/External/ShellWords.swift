/// Splits a command line into words as a POSIX shell would, without running a shell:
/// blanks separate words; 'single quotes' keep everything literally; "double quotes" keep
/// everything but `\"`, `\\`, `\$` and `` \` `` escapes; a backslash outside quotes keeps the
/// next character. No variables, globs or redirections: the words go to the program as typed.
public enum ShellWords {
    public struct SplitError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static func split(_ text: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var word = "", inWord = false
        var iterator = Array(text).makeIterator()
        var column = 0
        func next() -> Character? { column += 1; return iterator.next() }
        while let c = next() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(word); word = ""; inWord = false }
            case "'":
                inWord = true
                let opened = column
                while true {
                    guard let q = next() else {
                        throw SplitError(message: "unterminated ' quote opened at column \(opened)")
                    }
                    if q == "'" { break }
                    word.append(q)
                }
            case "\"":
                inWord = true
                let opened = column
                while true {
                    guard let q = next() else {
                        throw SplitError(message: "unterminated \" quote opened at column \(opened)")
                    }
                    if q == "\"" { break }
                    if q == "\\" {
                        guard let escaped = next() else {
                            throw SplitError(message: "unterminated \" quote opened at column \(opened)")
                        }
                        if !"\"\\$`".contains(escaped) { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(q)
                    }
                }
            case "\\":
                inWord = true
                guard let escaped = next() else { throw SplitError(message: "a backslash ends the command") }
                word.append(escaped)
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// Quotes `word` so that `split` gives it back unchanged (for messages people can paste).
    public static func quote(_ word: String) -> String {
        let safe = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
