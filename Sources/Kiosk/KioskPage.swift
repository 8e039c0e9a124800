/// The kiosk page (filled in by the kiosk issue; a plain state display until then).
enum KioskPage {
    static let html = """
        <!doctype html><html><head><meta charset="utf-8"><title>facegate</title></head>
        <body><h1 id="state">…</h1><script>
        const source = new EventSource('/events');
        source.onmessage = (event) => { document.getElementById('state').textContent = JSON.parse(event.data).state; };
        </script></body></html>
        """
}
