/// A way into the estate that is not the face (R1): the config lists the
/// site's, the notice and the kiosk name them, and `run` refuses to start
/// without at least one.
public enum AlternativeMethod: String, Sendable, CaseIterable, Equatable {
    case card, pin, qr
    case guardCall = "guard"
    case intercom

    /// How the notice and the kiosk name it, by language.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.card, .zhCN): "门禁卡"
        case (.card, .en): "access card"
        case (.pin, .zhCN): "密码"
        case (.pin, .en): "PIN code"
        case (.qr, .zhCN): "二维码"
        case (.qr, .en): "QR code"
        case (.guardCall, .zhCN): "呼叫保安"
        case (.guardCall, .en): "calling the guard"
        case (.intercom, .zhCN): "对讲机"
        case (.intercom, .en): "intercom"
        }
    }
}

/// The two languages facegate speaks: notice, kiosk and prompts.
public enum Language: String, Sendable, CaseIterable, Equatable {
    case zhCN = "zh-CN"
    case en
}

/// Where a camera is installed (R17). Private places are refused outright.
public enum Placement: String, Sendable, CaseIterable, Equatable {
    case residentialEntrance = "residential-entrance"
    case buildingEntrance = "building-entrance"
    case vehicleBarrier = "vehicle-barrier"
    case lobby
    case hotelRoom = "hotel-room"
    case bathroom
    case changingRoom = "changing-room"
    case toilet
    case bedroom

    /// Places where the rules forbid capture devices.
    public var isPrivate: Bool {
        switch self {
        case .hotelRoom, .bathroom, .changingRoom, .toilet, .bedroom: true
        case .residentialEntrance, .buildingEntrance, .vehicleBarrier, .lobby: false
        }
    }
}
