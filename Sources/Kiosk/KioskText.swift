/// Every word the gate screen shows, in zh-CN and en: one headline and one
/// line of what to do for each state, a tile for each way in, and the PIN
/// pad. Short, plain and the same for everyone: no tile is "recommended"
/// (R2), and every outcome that is not a welcome points to the other ways
/// in below it.
struct KioskText: Encodable, Sendable {
    struct Screen: Encodable, Sendable {
        let headline: String
        let detail: String
    }

    struct Tile: Encodable, Sendable {
        let title: String
        let hint: String
    }

    /// By kiosk state, plus "offline" (the page lost the daemon).
    let screens: [String: Screen]
    /// By way in: "face" and the alternatives' config names.
    let tiles: [String: Tile]
    let purposeLabel: String
    let privacy: String
    let faceOff: String
    let notice: String
    let back: String
    let otherLanguage: String
    let pinTitle: String
    let pinOK: String
    let pinCancel: String
    let pinDelete: String
    let pinOutcomes: [String: String]

    static let byLanguage: [String: KioskText] = ["zh-CN": chinese, "en": english]

    static let chinese = KioskText(
        screens: [
            "idle": Screen(headline: "请选择进门方式", detail: "以下方式任选其一，效果相同。"),
            "verifying": Screen(headline: "正在识别…", detail: "请看摄像头。也可以使用下方其他方式。"),
            "step-closer": Screen(headline: "请靠近一点", detail: "请走近摄像头。也可以使用下方其他方式。"),
            "look-at-camera": Screen(headline: "请正视摄像头", detail: "请面向摄像头。也可以使用下方其他方式。"),
            "welcome": Screen(headline: "欢迎回家", detail: "门已打开，请通行。"),
            "not-recognised": Screen(headline: "未能识别", detail: "请使用下方其他方式进门。"),
            "one-person-at-a-time": Screen(headline: "请一人一次通行", detail: "请单独站到摄像头前，或使用下方其他方式。"),
            "alternatives-only": Screen(headline: "刷脸暂停使用", detail: "请使用下方其他方式进门。"),
            "gate-error": Screen(headline: "门未能打开", detail: "请再试一次，或呼叫保安。"),
            "spoof-suspected": Screen(headline: "请本人直视摄像头", detail: "请勿使用手机或照片，或使用下方其他方式。"),
            "challenge-turn-left": Screen(headline: "← 请向左转头", detail: "请把头转向您的左边，再回到正面，确认是本人。也可以使用下方其他方式。"),
            "challenge-turn-right": Screen(headline: "请向右转头 →", detail: "请把头转向您的右边，再回到正面，确认是本人。也可以使用下方其他方式。"),
            "challenge-look-up": Screen(headline: "↑ 请抬头", detail: "请把头稍微抬起，再回到正面，确认是本人。也可以使用下方其他方式。"),
            "challenge-look-down": Screen(headline: "↓ 请低头", detail: "请把头稍微低下，再回到正面，确认是本人。也可以使用下方其他方式。"),
            "challenge-hold-still": Screen(headline: "请正对屏幕，保持不动", detail: "稍后屏幕会提示您转头或抬头。也可以使用下方其他方式。"),
            "face-paused": Screen(headline: "刷脸暂时停用", detail: "多次验证未通过，您的刷脸进门已暂停一段时间。请使用下方其他方式，或呼叫保安。"),
            "challenge-come-closer": Screen(headline: "↑ 请再靠近一点", detail: "请走近摄像头，确认是本人。也可以使用下方其他方式。"),
            "offline": Screen(headline: "正在连接门禁…", detail: "请稍候，或呼叫保安。"),
        ],
        tiles: [
            "face": Tile(title: "刷脸", hint: "看摄像头"),
            "card": Tile(title: "刷卡", hint: "在读卡器上刷卡"),
            "pin": Tile(title: "密码", hint: "点这里输入"),
            "qr": Tile(title: "二维码", hint: "对准扫码器"),
            "guard": Tile(title: "呼叫保安", hint: "按呼叫按钮"),
            "intercom": Tile(title: "对讲", hint: "呼叫住户开门"),
        ],
        purposeLabel: "人脸识别仅用于：",
        privacy: "不保存照片和视频。",
        faceOff: "暂停使用",
        notice: "人脸信息说明",
        back: "返回",
        otherLanguage: "English",
        pinTitle: "请输入密码",
        pinOK: "确定",
        pinCancel: "取消",
        pinDelete: "删除",
        pinOutcomes: [
            "wrong": "密码错误，请重试。",
            "malformed": "密码为6至8位数字。",
            "locked": "错误次数过多，请稍后再试或呼叫保安。",
            "unavailable": "密码通行暂不可用，请呼叫保安。",
            "gate-error": "门未能打开，请呼叫保安。",
            "unreachable": "门禁系统未响应，请呼叫保安。",
        ])

    static let english = KioskText(
        screens: [
            "idle": Screen(headline: "Choose how to enter", detail: "Any of these ways works the same."),
            "verifying": Screen(headline: "Checking...", detail: "Look at the camera, or use another way below."),
            "step-closer": Screen(headline: "Please step closer", detail: "Come closer to the camera, or use another way below."),
            "look-at-camera": Screen(headline: "Please look at the camera", detail: "Face the camera, or use another way below."),
            "welcome": Screen(headline: "Welcome home", detail: "The gate is open. Please go through."),
            "not-recognised": Screen(headline: "Not recognised", detail: "Please use another way in below."),
            "one-person-at-a-time": Screen(
                headline: "One person at a time", detail: "Step up to the camera alone, or use another way below."),
            "alternatives-only": Screen(headline: "Face entry is paused", detail: "Please use another way in below."),
            "gate-error": Screen(headline: "The gate did not open", detail: "Please try again, or call the guard."),
            "spoof-suspected": Screen(
                headline: "Please face the camera yourself", detail: "No phone or photo, please — or use another way below."),
            "challenge-turn-left": Screen(
                headline: "← Turn your head to your left", detail: "Then face the screen again, to show it is you — or use another way below."),
            "challenge-turn-right": Screen(
                headline: "Turn your head to your right →", detail: "Then face the screen again, to show it is you — or use another way below."),
            "challenge-look-up": Screen(
                headline: "↑ Look up", detail: "Tilt your head up a little, then face the screen again — or use another way below."),
            "challenge-look-down": Screen(
                headline: "↓ Look down", detail: "Tilt your head down a little, then face the screen again — or use another way below."),
            "challenge-hold-still": Screen(
                headline: "Face the screen and hold still", detail: "The screen will then ask you to move your head — or use another way below."),
            "face-paused": Screen(
                headline: "Face entry paused", detail: "Several checks failed. Please use another way below, or call the guard."),
            "challenge-come-closer": Screen(
                headline: "↑ Please come a little closer", detail: "Step towards the camera, to show it is you — or use another way below."),
            "offline": Screen(headline: "Connecting to the gate...", detail: "Please wait, or call the guard."),
        ],
        tiles: [
            "face": Tile(title: "Face", hint: "Look at the camera"),
            "card": Tile(title: "Card", hint: "Hold it to the reader"),
            "pin": Tile(title: "PIN", hint: "Tap here to type it"),
            "qr": Tile(title: "QR code", hint: "Show it to the scanner"),
            "guard": Tile(title: "Call the guard", hint: "Press the call button"),
            "intercom": Tile(title: "Intercom", hint: "Call a home to open"),
        ],
        purposeLabel: "Face check is used only for:",
        privacy: "No photos or video are kept.",
        faceOff: "Paused",
        notice: "About face data",
        back: "Back",
        otherLanguage: "中文",
        pinTitle: "Enter your PIN",
        pinOK: "OK",
        pinCancel: "Cancel",
        pinDelete: "Delete",
        pinOutcomes: [
            "wrong": "Wrong PIN. Please try again.",
            "malformed": "A PIN has 6 to 8 digits.",
            "locked": "Too many wrong PINs. Please wait, or call the guard.",
            "unavailable": "PIN entry is not available. Please call the guard.",
            "gate-error": "The gate did not open. Please call the guard.",
            "unreachable": "The gate is not answering. Please call the guard.",
        ])
}
