/// The gate screen's style sheet, served as `/kiosk.css`. Sizes follow the
/// screen's height, so an 800×480 panel and a 1280×800 one show the same
/// layout: a headline of a tenth of the screen, white on a dark colour that
/// says the outcome at a glance, and the ways in as equal tiles (R2).
/// The font stack names the Debian CJK fonts first; without one Chinese is
/// drawn as empty boxes.
enum KioskStyle {
    static let css = """
        html, body { margin: 0; height: 100%; }
        body {
            display: flex; flex-direction: column; height: 100vh; overflow: hidden;
            background: #000; color: #fff;
            font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif;
            -webkit-user-select: none; user-select: none;
        }
        body[data-state="verifying"], body[data-state="step-closer"], body[data-state="look-at-camera"] { background: #0a3a80; }
        body[data-state="welcome"] { background: #0b5a1f; }
        body[data-state="not-recognised"], body[data-state="one-person-at-a-time"],
        body[data-state="spoof-suspected"] { background: #6e3900; }
        body[data-state="gate-error"] { background: #8a0000; }
        body[data-state="alternatives-only"], body[data-state="offline"] { background: #2b2b2b; }
        header {
            display: flex; align-items: center; gap: 1.5vw; padding: 1.4vh 2vw;
            background: #000; border-bottom: 0.4vh solid #fff;
        }
        #purpose { flex: 1; margin: 0; font-size: 4.4vh; line-height: 1.3; }
        #purpose-label { margin-right: 0.3em; }
        #privacy { display: block; }
        .chip {
            font: inherit; font-size: 4.2vh; font-weight: bold; white-space: nowrap;
            padding: 1.2vh 1.6vw; background: #fff; color: #000; border: none; border-radius: 1vh;
            text-decoration: none; cursor: pointer;
        }
        main { flex: 1; display: flex; align-items: center; gap: 4vw; padding: 2vh 5vw; min-height: 0; }
        #icon svg { width: 24vh; height: 24vh; display: block; }
        h1 { font-size: 10.5vh; line-height: 1.15; margin: 0; text-wrap: balance; }
        #detail { font-size: 6vh; line-height: 1.3; margin: 1.6vh 0 0; text-wrap: balance; }
        nav {
            display: grid; grid-auto-flow: column; grid-auto-columns: 1fr; gap: 1.6vw;
            padding: 0 2vw 2.4vh;
        }
        .way {
            font: inherit; background: #fff; color: #000; border: none; border-radius: 1.6vh;
            padding: 1.6vh 1vw; text-align: center; min-height: 17vh;
            display: flex; flex-direction: column; justify-content: center;
        }
        .way .title { font-size: 6.4vh; font-weight: bold; line-height: 1.2; }
        .way .hint { font-size: 4vh; line-height: 1.25; }
        .way.off { background: #4a4a4a; color: #fff; }
        #pinpad {
            position: fixed; inset: 0; background: #000; display: flex; flex-direction: column;
            align-items: center; justify-content: center; gap: 1.2vh;
        }
        #pinpad[hidden] { display: none; }
        #pin-title { font-size: 6.4vh; margin: 0; }
        #pin-dots { font-size: 6.4vh; letter-spacing: 1vw; min-height: 8vh; }
        #pin-message { font-size: 4.4vh; margin: 0; min-height: 5.6vh; color: #ffd84d; }
        #keys { display: grid; grid-template-columns: repeat(3, 22vh); gap: 1.4vh; }
        #keys button {
            font: inherit; font-size: 6vh; font-weight: bold; height: 10vh;
            background: #fff; color: #000; border: none; border-radius: 1.4vh;
        }
        #keys #pin-delete, #keys #pin-ok { font-size: 4.4vh; }
        body.notice { overflow: auto; }
        body.notice header { position: sticky; top: 0; }
        #notice-title { flex: 1; font-size: 6vh; margin: 0; }
        #notice-text { font-size: 4.6vh; line-height: 1.5; padding: 1vh 4vw 3vh; max-width: 60em; }
        #notice-text p { margin: 2vh 0; }
        """
}
