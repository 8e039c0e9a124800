import Locking
public import NIOCore
public import NIOHTTPTypes

/// How many kiosk connections each client holds. Every connection costs the
/// daemon a descriptor, and a daemon out of descriptors can neither answer
/// the PIN pad nor report the gate; 1 100 slow connections once took every
/// way in down. So each network client may hold `perClient` connections and
/// all of them together `network`; the box itself (the kiosk's screen and
/// pad, on loopback) has a share of its own, `local`, that the network
/// cannot use up. The sum stays far below the unit's `LimitNOFILE`.
public final class ConnectionCensus: Sendable {
    public let perClient: Int
    public let network: Int
    public let local: Int
    private let counts = Locked<(clients: [String: Int], network: Int)>(([:], 0))

    public init(perClient: Int = 16, network: Int = 256, local: Int = 256) {
        self.perClient = perClient
        self.network = network
        self.local = local
    }

    /// Counts a new connection from `client`; false when it must be closed.
    func open(_ client: KioskClient) -> Bool {
        counts.withLock { counts in
            let held = counts.clients[client.address, default: 0]
            guard client.isLocal ? held < local : held < perClient && counts.network < network else { return false }
            counts.clients[client.address] = held + 1
            if !client.isLocal { counts.network += 1 }
            return true
        }
    }

    func close(_ client: KioskClient) {
        counts.withLock { counts in
            let held = counts.clients[client.address, default: 1] - 1
            counts.clients[client.address] = held > 0 ? held : nil
            if !client.isLocal { counts.network -= 1 }
        }
    }

    /// Connections held now, by all clients.
    public var total: Int { counts.withLock { $0.clients.values.reduce(0, +) } }
}

/// One per kiosk connection, after HTTP decoding: closes a connection over
/// its client's share at once (`ConnectionCensus`), and one whose request
/// has not arrived whole `requestDeadline` after its head (a body sent a
/// byte every few seconds never trips an idle timeout).
public final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart

    let census: ConnectionCensus
    let requestDeadline: TimeAmount
    private var client: KioskClient?
    private var deadline: Scheduled<Void>?

    public init(census: ConnectionCensus, requestDeadline: TimeAmount = .seconds(10)) {
        self.census = census
        self.requestDeadline = requestDeadline
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        let client = KioskClient(address: context.channel.remoteAddress?.ipAddress)
        guard census.open(client) else {
            context.close(promise: nil)
            return
        }
        self.client = client
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        if let client { census.close(client) }
        client = nil
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            let channel = context.channel
            deadline?.cancel()
            deadline = context.eventLoop.scheduleTask(in: requestDeadline) { channel.close(promise: nil) }
        case .body:
            break
        case .end:
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }
}
