import COptBench
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A C string kept in a thread-specific slot (POSIX keys: threads created by C or Python get
/// theirs too), replaced by the next `set` on the same thread and freed with the thread.
struct ThreadMessage: Sendable {
    let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        self.key = key
    }

    /// The message on this thread, or nil.
    var current: UnsafePointer<CChar>? {
        pthread_getspecific(key).map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }
    }

    func set(_ message: String?) {
        let old = pthread_getspecific(key)
        pthread_setspecific(key, message.map { UnsafeRawPointer(strdup($0)) })
        free(old)
    }

    /// The message on this thread, cleared.
    func take() -> String? {
        guard let text = current else { return nil }
        let message = String(cString: text)
        set(nil)
        return message
    }
}

/// `optbench_last_error()` and the message a callback leaves for its failure.
enum Messages {
    static let lastError = ThreadMessage()
    static let callbackError = ThreadMessage()
    /// "" for `optbench_last_error` on a thread without an error.
    nonisolated(unsafe) static let empty: UnsafePointer<CChar> = UnsafePointer(strdup("")!)
}

/// Records `message` as this thread's last error and returns `code`.
func failed(_ code: Int32, _ message: String) -> Int32 {
    Messages.lastError.set(message)
    return code
}

@_cdecl("optbench_last_error")
public func optbenchLastError() -> UnsafePointer<CChar> {
    Messages.lastError.current ?? Messages.empty
}

@_cdecl("optbench_set_callback_error")
public func optbenchSetCallbackError(_ message: UnsafePointer<CChar>?) {
    Messages.callbackError.set(message.map { String(cString: $0) })
}

/// A retained Swift object as an opaque C handle, and back.
enum Handle {
    static func make(_ object: AnyObject) -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(object).toOpaque())
    }

    static func object<T: AnyObject>(_ handle: OpaquePointer?, as type: T.Type) -> T? {
        handle.map { Unmanaged<T>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    static func release(_ handle: OpaquePointer?) {
        guard let handle else { return }
        Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle)).release()
    }
}

/// A copy of a Swift string that C can keep (freed by its owner's deinit).
final class CString {
    let pointer: UnsafeMutablePointer<CChar>
    init(_ text: String) { pointer = strdup(text)! }
    deinit { free(pointer) }
    var c: UnsafePointer<CChar> { UnsafePointer(pointer) }
}
