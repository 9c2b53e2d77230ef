import type { Socket } from 'socket.io-client';
import { describeQuality, type CallSignal, type IceServer } from '../shared/one-to-one';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/realtime-events';

export type CallStatus =
	'idle' | 'starting' | 'waiting' | 'connecting' | 'connected' | 'peer-left' | 'failed' | 'ended';

type CallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a call may take to connect before we say so and offer the meeting link. */
const CONNECT_TIMEOUT_MS = 20_000;
const STATS_EVERY_MS = 2000;

/**
 * A one-to-one audio and video call, peer to peer, signalled over the session's socket.
 * The facilitator always makes the offer (on her own arrival, or when the woman says
 * hello after joining, reloading or reconnecting); the woman answers. A `bye`, or the
 * server's word that the other socket dropped, ends the call at once.
 */
export class CallSession {
	status = $state<CallStatus>('idle');
	/** Why there is no picture or sound, in plain words (camera refused, no media path). */
	problem = $state<string | null>(null);
	localStream = $state.raw<MediaStream | null>(null);
	remoteStream = $state.raw<MediaStream | null>(null);
	micOn = $state(true);
	cameraOn = $state(true);
	peerMedia = $state<{ audio: boolean; video: boolean } | null>(null);
	quality = $state(describeQuality({ rttMs: null, lossPercent: null }));

	private pc: RTCPeerConnection | null = null;
	private pendingIce: RTCIceCandidateInit[] = [];
	private iceServers: IceServer[] = [];
	private connectTimer: ReturnType<typeof setTimeout> | undefined;
	private statsTimer: ReturnType<typeof setInterval> | undefined;
	private readonly onSignal = (signal: CallSignal) => void this.handle(signal);
	private readonly onReconnect = () => {
		if (this.status !== 'idle' && this.status !== 'ended') this.hello();
	};

	constructor(
		private readonly socket: CallSocket,
		private readonly role: 'staff' | 'participant',
		private readonly liveSessionId: string | undefined,
		private readonly words: { peerLeft: string; waiting: string }
	) {}

	/** Asks for camera and microphone (going on without them if refused), then joins the call. */
	async start(iceServers: IceServer[]): Promise<void> {
		if (this.status !== 'idle' && this.status !== 'ended') return;
		this.iceServers = iceServers;
		this.status = 'starting';
		this.socket.on('rtc:signal', this.onSignal);
		this.socket.on('connect', this.onReconnect);
		try {
			this.localStream = await navigator.mediaDevices.getUserMedia({
				audio: true,
				video: { width: { ideal: 640 }, height: { ideal: 480 } }
			});
		} catch {
			this.localStream = null;
			this.micOn = false;
			this.cameraOn = false;
			this.problem =
				'We could not use the camera or microphone on this device. Check that this site may use them (in the browser’s address bar), or use the meeting link instead.';
		}
		if (this.status !== 'starting') return; // ended while asking
		this.status = 'waiting';
		this.hello();
	}

	/** Ends the call on this side and tells the other side at once. */
	hangUp(reason: 'left' | 'quick-exit' = 'left'): void {
		if (this.status === 'idle' || this.status === 'ended') return;
		this.emit({ kind: 'bye', reason });
		this.closePeer();
		for (const track of this.localStream?.getTracks() ?? []) track.stop();
		this.localStream = null;
		this.socket.off('rtc:signal', this.onSignal);
		this.socket.off('connect', this.onReconnect);
		this.status = 'ended';
	}

	toggleMic(): void {
		this.micOn = !this.micOn;
		for (const track of this.localStream?.getAudioTracks() ?? []) track.enabled = this.micOn;
		this.sendMedia();
	}

	toggleCamera(): void {
		this.cameraOn = !this.cameraOn;
		for (const track of this.localStream?.getVideoTracks() ?? []) track.enabled = this.cameraOn;
		this.sendMedia();
	}

	private emit(signal: CallSignal, onAck?: (peerPresent: boolean) => void): void {
		this.socket.emit('rtc:signal', { liveSessionId: this.liveSessionId, signal }, (response) => {
			if (response.ok) onAck?.(response.data.peerPresent);
		});
	}

	private hello(): void {
		this.emit({ kind: 'hello' }, (peerPresent) => {
			if (peerPresent && this.role === 'staff') void this.offer();
		});
	}

	private sendMedia(): void {
		this.emit({ kind: 'media', audio: this.micOn, video: this.cameraOn });
	}

	private async handle(signal: CallSignal): Promise<void> {
		try {
			switch (signal.kind) {
				case 'hello':
					// She arrived (or came back): the facilitator starts afresh.
					if (this.role === 'staff') await this.offer();
					break;
				case 'offer':
					if (this.role === 'participant') await this.answer(signal.sdp);
					break;
				case 'answer':
					if (this.pc && this.role === 'staff') {
						await this.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
						await this.drainIce();
					}
					break;
				case 'ice':
					if (this.pc?.remoteDescription) await this.pc.addIceCandidate(signal.candidate);
					else this.pendingIce.push(signal.candidate);
					break;
				case 'media':
					this.peerMedia = { audio: signal.audio, video: signal.video };
					break;
				case 'bye':
					this.closePeer();
					this.status = 'peer-left';
					break;
			}
		} catch {
			this.fail();
		}
	}

	private newPeer(): RTCPeerConnection {
		this.closePeer();
		const pc = new RTCPeerConnection({ iceServers: this.iceServers, bundlePolicy: 'max-bundle' });
		this.pc = pc;
		this.pendingIce = [];
		const remote = new MediaStream();
		pc.ontrack = (event) => {
			remote.addTrack(event.track);
			this.remoteStream = null;
			this.remoteStream = remote;
		};
		pc.onicecandidate = (event) => {
			if (!event.candidate) return;
			const c = event.candidate.toJSON();
			this.emit({
				kind: 'ice',
				candidate: {
					candidate: c.candidate ?? '',
					sdpMid: c.sdpMid ?? null,
					sdpMLineIndex: c.sdpMLineIndex ?? null,
					usernameFragment: c.usernameFragment ?? null
				}
			});
		};
		pc.onconnectionstatechange = () => {
			if (this.pc !== pc) return;
			if (pc.connectionState === 'connected') {
				clearTimeout(this.connectTimer);
				this.status = 'connected';
				this.problem = this.localStream ? null : this.problem;
				this.startStats();
			} else if (pc.connectionState === 'failed') {
				this.fail();
			} else if (pc.connectionState === 'disconnected' && this.status === 'connected') {
				this.quality = {
					level: 'poor',
					words: 'The connection has dropped for a moment. Trying to reconnect…'
				};
			}
		};
		clearTimeout(this.connectTimer);
		this.connectTimer = setTimeout(() => {
			if (this.pc === pc && pc.connectionState !== 'connected') this.fail();
		}, CONNECT_TIMEOUT_MS);
		this.status = 'connecting';
		return pc;
	}

	private async offer(): Promise<void> {
		const pc = this.newPeer();
		for (const kind of ['audio', 'video'] as const) {
			const track = this.localStream?.getTracks().find((t) => t.kind === kind);
			if (track && this.localStream) pc.addTrack(track, this.localStream);
			else pc.addTransceiver(kind, { direction: 'recvonly' });
		}
		const offer = await pc.createOffer();
		await pc.setLocalDescription(offer);
		this.emit({ kind: 'offer', sdp: offer.sdp ?? '' });
		this.sendMedia();
	}

	private async answer(sdp: string): Promise<void> {
		const pc = this.newPeer();
		await pc.setRemoteDescription({ type: 'offer', sdp });
		for (const transceiver of pc.getTransceivers()) {
			const kind = transceiver.receiver.track.kind;
			const track = this.localStream?.getTracks().find((t) => t.kind === kind);
			if (track && this.localStream) {
				await transceiver.sender.replaceTrack(track);
				transceiver.sender.setStreams(this.localStream);
				transceiver.direction = 'sendrecv';
			} else {
				transceiver.direction = 'recvonly';
			}
		}
		const answer = await pc.createAnswer();
		await pc.setLocalDescription(answer);
		this.emit({ kind: 'answer', sdp: answer.sdp ?? '' });
		await this.drainIce();
		this.sendMedia();
	}

	private async drainIce(): Promise<void> {
		const queued = this.pendingIce;
		this.pendingIce = [];
		for (const candidate of queued) await this.pc?.addIceCandidate(candidate);
	}

	private fail(): void {
		this.closePeer();
		this.status = 'failed';
		this.problem =
			'The call could not connect from here (the network may block it). Use the meeting link instead, or try again.';
	}

	/** Tries the call again after it failed or the other side left. */
	retry(): void {
		if (this.status === 'ended' || this.status === 'idle') return;
		this.status = 'waiting';
		this.problem = this.localStream ? null : this.problem;
		this.hello();
	}

	private closePeer(): void {
		clearTimeout(this.connectTimer);
		clearInterval(this.statsTimer);
		this.statsTimer = undefined;
		if (this.pc) {
			this.pc.ontrack = null;
			this.pc.onicecandidate = null;
			this.pc.onconnectionstatechange = null;
			this.pc.close();
		}
		this.pc = null;
		this.remoteStream = null;
		this.peerMedia = null;
		this.quality = describeQuality({ rttMs: null, lossPercent: null });
	}

	private startStats(): void {
		clearInterval(this.statsTimer);
		const sample = async () => {
			const pc = this.pc;
			if (!pc) return;
			let rttMs: number | null = null;
			let lost = 0;
			let received = 0;
			const report = await pc.getStats();
			report.forEach((stat: Record<string, unknown>) => {
				if (
					stat.type === 'candidate-pair' &&
					stat.state === 'succeeded' &&
					typeof stat.currentRoundTripTime === 'number'
				) {
					rttMs = stat.currentRoundTripTime * 1000;
				}
				if (stat.type === 'inbound-rtp') {
					lost += typeof stat.packetsLost === 'number' ? Math.max(0, stat.packetsLost) : 0;
					received += typeof stat.packetsReceived === 'number' ? stat.packetsReceived : 0;
				}
			});
			const lossPercent = received + lost > 0 ? (lost / (received + lost)) * 100 : null;
			if (this.pc === pc) this.quality = describeQuality({ rttMs, lossPercent });
		};
		void sample();
		this.statsTimer = setInterval(() => void sample(), STATS_EVERY_MS);
	}

	/** For the other side's words when it left. */
	get peerLeftWords(): string {
		return this.words.peerLeft;
	}

	get waitingWords(): string {
		return this.words.waiting;
	}
}
