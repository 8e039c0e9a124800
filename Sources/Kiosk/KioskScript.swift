/// The gate screen's script, served as `/kiosk.js`. It follows the event
/// stream, draws the state in the chosen language, runs the PIN pad, and
/// never trusts a connection it has not heard from: when the daemon goes
/// away the screen says so (and offers the guard) instead of keeping a
/// stale welcome, and it reconnects by itself.
enum KioskScript {
    static let javascript = #"""
        'use strict';
        const $ = (id) => document.getElementById(id);
        let wording = JSON.parse($('wording').textContent);
        const requested = new URLSearchParams(location.search).get('lang');
        let language = wording.text[requested] ? requested : wording.site.language;
        let snapshot = null;
        let connected = false;
        let lastMessage = 0;
        let lastTouch = Date.now();
        let source = null;
        let holdTimer = null;
        let pin = '';
        let padTimer = null;

        const svg = (body) => '<svg viewBox="0 0 100 100" fill="none" stroke="currentColor" stroke-width="7" ' +
            'stroke-linecap="round" stroke-linejoin="round">' + body + '</svg>';
        const frame = '<path d="M10 30V10h20M70 10h20v20M90 70v20H70M30 90H10V70"/>';
        const icons = {
            'idle': svg(frame + '<circle cx="50" cy="44" r="15"/><path d="M27 80c5-13 41-13 46 0"/>'),
            'verifying': svg(frame + '<circle cx="50" cy="44" r="15"/><path d="M22 62h56"/>'),
            'step-closer': svg(frame + '<circle cx="50" cy="44" r="9"/><path d="M50 64v24M40 78l10 10 10-10"/>'),
            'look-at-camera': svg(frame + '<circle cx="50" cy="50" r="22"/><circle cx="50" cy="50" r="6"/>'),
            'welcome': svg('<circle cx="50" cy="50" r="42"/><path d="M29 52l14 14 28-31"/>'),
            'not-recognised': svg('<circle cx="50" cy="50" r="42"/><path d="M37 38a13 13 0 1 1 19 11c-4 2-6 5-6 10"/><path d="M50 73v1"/>'),
            'one-person-at-a-time': svg('<circle cx="28" cy="18" r="9"/><circle cx="72" cy="18" r="9"/>' +
                '<path d="M28 32v30M14 44h28M28 62l-10 28M28 62l10 28M72 32v30M58 44h28M72 62l-10 28M72 62l10 28"/>'),
            'alternatives-only': svg('<rect x="10" y="30" width="58" height="42" rx="6"/><path d="M68 45l22-11v34L68 57M8 8l84 84"/>'),
            'gate-error': svg('<path d="M50 10L93 88H7z"/><path d="M50 40v24M50 76v1"/>'),
            'spoof-suspected': svg('<rect x="31" y="8" width="38" height="84" rx="7"/><path d="M8 8l84 84"/>'),
            'challenge-turn-left': svg('<circle cx="62" cy="50" r="24"/><path d="M30 50H6M17 39L6 50l11 11"/>'),
            'challenge-turn-right': svg('<circle cx="38" cy="50" r="24"/><path d="M70 50h24M83 39l11 11-11 11"/>'),
            'challenge-look-up': svg('<circle cx="50" cy="62" r="24"/><path d="M50 30V6M39 17l11-11 11 11"/>'),
            'challenge-look-down': svg('<circle cx="50" cy="38" r="24"/><path d="M50 70v24M39 83l11 11 11-11"/>'),
            'challenge-hold-still': svg(frame + '<circle cx="50" cy="50" r="20"/><path d="M50 50v1"/>'),
            'face-paused': svg('<circle cx="50" cy="44" r="15"/><path d="M27 80c5-13 41-13 46 0M8 8l84 84"/>'),
            'challenge-come-closer': svg(frame + '<circle cx="50" cy="44" r="17"/><path d="M50 66v22M40 78l10 10 10-10"/>'),
            'offline': svg('<path d="M84 50a34 34 0 1 1-10-24"/><path d="M76 8v20H56"/>'),
        };

        function words() { return wording.text[language]; }
        function shownState() { return connected && snapshot ? snapshot.state : 'offline'; }
        function sentence(text) { return /[。.!！?？]$/.test(text) ? text : text + (language === 'en' ? '.' : '。'); }

        function render() {
            const text = words();
            const state = shownState();
            document.documentElement.lang = language;
            document.body.dataset.state = state;
            document.body.dataset.language = language;
            $('purpose-label').textContent = text.purposeLabel;
            $('purpose-text').textContent = sentence(wording.site.purpose[language] || '');
            $('privacy').textContent = text.privacy;
            $('language').textContent = text.otherLanguage;
            $('notice-link').textContent = text.notice;
            $('notice-link').href = '/notice?lang=' + encodeURIComponent(language);
            const screen = text.screens[state] || text.screens.offline;
            let headline = screen.headline;
            if (state === 'welcome') {
                headline = wording.site.welcome[language] || headline;
                if (snapshot.greeting) headline += (language === 'en' ? ', ' : '，') + snapshot.greeting;
            }
            $('headline').textContent = headline;
            $('detail').textContent = screen.detail;
            $('icon').innerHTML = icons[state] || icons.offline;
            renderWays(text);
            renderPad(text);
        }

        // The tiles are built once per set of ways and then updated in place:
        // a tap that began on a tile still lands when an update comes in
        // between finger down and finger up.
        function renderWays(text) {
            const faceOn = connected && snapshot !== null && snapshot.faceEntry;
            const ways = ['face'].concat(snapshot ? snapshot.alternatives : wording.site.alternatives);
            const box = $('ways');
            if (Array.from(box.children, (tile) => tile.dataset.way).join() !== ways.join()) {
                box.replaceChildren(...ways.map((way) => {
                    const tile = document.createElement(way === 'pin' ? 'button' : 'div');
                    tile.className = 'way';
                    tile.dataset.way = way;
                    const title = document.createElement('span');
                    title.className = 'title';
                    const hint = document.createElement('span');
                    hint.className = 'hint';
                    if (way === 'pin') {
                        tile.type = 'button';
                        tile.addEventListener('click', openPad);
                    }
                    tile.append(title, hint);
                    return tile;
                }));
            }
            for (const tile of box.children) {
                const way = tile.dataset.way;
                const label = text.tiles[way] || { title: way, hint: '' };
                tile.querySelector('.title').textContent = label.title;
                tile.querySelector('.hint').textContent = way === 'face' && !faceOn ? text.faceOff : label.hint;
                tile.classList.toggle('off', way === 'face' && !faceOn);
            }
        }

        function renderPad(text) {
            $('pin-title').textContent = text.pinTitle;
            $('pin-ok').textContent = text.pinOK;
            $('pin-delete').textContent = text.pinDelete;
            $('pin-cancel').textContent = text.pinCancel;
            $('pin-dots').textContent = '●'.repeat(pin.length);
        }

        function openPad() {
            pin = '';
            $('pin-message').textContent = '';
            $('pinpad').hidden = false;
            keepPadOpen();
            renderPad(words());
        }

        function closePad() {
            pin = '';
            $('pinpad').hidden = true;
            clearTimeout(padTimer);
        }

        function keepPadOpen() {
            clearTimeout(padTimer);
            padTimer = setTimeout(closePad, 30000);
        }

        async function submitPIN() {
            if (pin.length === 0) return;
            const entered = pin;
            pin = '';
            renderPad(words());
            let result = 'unreachable';
            try {
                const response = await fetch('/api/pin', {
                    method: 'POST', headers: { 'Content-Type': 'application/json' },
                    body: JSON.stringify({ pin: entered }), cache: 'no-store',
                });
                if (response.ok || response.status === 400) result = (await response.json()).result;
            } catch (error) {
                result = 'unreachable';
            }
            if (result === 'opened') {
                closePad();
            } else {
                $('pin-message').textContent = words().pinOutcomes[result] || words().pinOutcomes.unreachable;
            }
        }

        $('keys').addEventListener('click', (event) => {
            const key = event.target.closest('button')?.dataset.key;
            if (!key) return;
            keepPadOpen();
            $('pin-message').textContent = '';
            if (key === 'ok') { submitPIN(); return; }
            if (key === 'delete') pin = pin.slice(0, -1);
            else if (pin.length < 12) pin += key;
            renderPad(words());
        });
        $('pin-cancel').addEventListener('click', closePad);
        $('language').addEventListener('click', () => {
            language = language === 'en' ? 'zh-CN' : 'en';
            render();
        });
        document.addEventListener('pointerdown', () => { lastTouch = Date.now(); });

        async function refreshWording() {
            try {
                const response = await fetch('/api/site', { cache: 'no-store' });
                if (response.ok) wording = await response.json();
            } catch (error) {
                return;
            }
            if (!wording.text[language]) language = wording.site.language;
            render();
        }

        function holdUntilBase() {
            clearTimeout(holdTimer);
            if (!snapshot || snapshot.holdSeconds == null) return;
            const sequence = snapshot.sequence;
            holdTimer = setTimeout(() => {
                if (!snapshot || snapshot.sequence !== sequence) return;
                snapshot = Object.assign({}, snapshot, { state: snapshot.faceEntry ? 'idle' : 'alternatives-only', greeting: null });
                render();
            }, (snapshot.holdSeconds + 3) * 1000);
        }

        function connect() {
            if (source) source.close();
            source = new EventSource('/events');
            source.onmessage = (event) => {
                let next;
                try { next = JSON.parse(event.data); } catch (error) { return; }
                lastMessage = Date.now();
                connected = true;
                snapshot = next;
                if (snapshot.state === 'welcome') closePad();
                holdUntilBase();
                if (snapshot.revision !== wording.revision) refreshWording(); else render();
            };
            source.onerror = () => {
                connected = false;
                render();
                if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
            };
        }

        setInterval(() => {
            if (connected && Date.now() - lastMessage > 40000) {
                connected = false;
                render();
                connect();
            }
            if (language !== wording.site.language && Date.now() - lastTouch > 60000) {
                language = wording.site.language;
                render();
            }
        }, 1000);

        render();
        connect();
        """#
}
