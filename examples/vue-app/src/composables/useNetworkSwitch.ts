import { type Ref, readonly, ref } from 'vue';
import { useSimulatedService } from '../simulated-service';

/** This device's simulated network, as a switch the demo controls flip. */
export interface NetworkSwitch {
  /** Whether the network is down. */
  dropped: Readonly<Ref<boolean>>;
  /** Cuts this device off: the session goes to `connecting.offline`. */
  drop(): void;
  /** Brings the network back: the SDK reconnects by itself and the session returns to `online`. */
  restore(): void;
}

/** Drops and restores this device's network. */
export function useNetworkSwitch(): NetworkSwitch {
  const { network } = useSimulatedService().device;
  const dropped = ref(network.dropped);
  return {
    dropped: readonly(dropped),
    drop() {
      network.drop();
      dropped.value = network.dropped;
    },
    restore() {
      network.restore();
      dropped.value = network.dropped;
    },
  };
}
