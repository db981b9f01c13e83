//! The pub/sub registry: which clients listen to which channels, patterns and shard channels.
//!
//! Knows nothing of RESP (the commands in `commands::pubsub` build the replies and deliver
//! messages through `State::write_to`). Two views are kept in step:
//! - server-wide, channel → subscribers and pattern → subscribers, each list in subscription
//!   order (the order messages are delivered in, as Redis's lists);
//! - per client ([`Subscriptions`], in `ClientState`), its channels and patterns in the order
//!   it subscribed (what UNSUBSCRIBE / PUNSUBSCRIBE without arguments walk).
//!
//! Invariant: client `c` is in `channels[ch]` iff `ch` is in `c`'s `Subscriptions`, and the
//! same for patterns; empty subscriber lists are removed. PUBSUB CHANNELS and pattern
//! delivery sort by name, for a deterministic order (Redis walks a hash table: its order is
//! unspecified). The maps are the `FastMap<Key, Vec<ClientId>>` WATCH uses too, one hash
//! table instantiation for both (a `BTreeMap` would be ~7 KB more wasm).

use crate::glob;
use crate::keyspace::{FastMap, FastSet, Key};
use crate::ClientId;

/// One client's subscriptions, in subscription order.
#[derive(Debug, Default, Clone)]
pub struct Subscriptions {
    channels: Vec<Key>,
    channel_set: FastSet<Key>,
    patterns: Vec<Key>,
    pattern_set: FastSet<Key>,
    shards: Vec<Key>,
    shard_set: FastSet<Key>,
}

impl Subscriptions {
    /// Channels plus patterns: the count subscribe/unsubscribe replies carry.
    pub fn count(&self) -> usize {
        self.channels.len() + self.patterns.len()
    }

    /// Shard channels (SSUBSCRIBE): the count ssubscribe/sunsubscribe replies carry, CLIENT
    /// LIST `ssub=`.
    pub fn shard_count(&self) -> usize {
        self.shards.len()
    }

    /// Every subscription: the client is in subscribed mode while it is not 0.
    pub fn total(&self) -> usize {
        self.count() + self.shards.len()
    }

    /// The shard channels, in subscription order.
    pub fn shards(&self) -> &[Key] {
        &self.shards
    }

    /// Number of channels (CLIENT LIST `sub=`).
    pub fn channel_count(&self) -> usize {
        self.channels.len()
    }

    /// Number of patterns (CLIENT LIST `psub=`).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The channels, in subscription order.
    pub fn channels(&self) -> &[Key] {
        &self.channels
    }

    /// The patterns, in subscription order.
    pub fn patterns(&self) -> &[Key] {
        &self.patterns
    }
}

/// Channel or pattern: the two namespaces behave alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SUBSCRIBE / UNSUBSCRIBE.
    Channel,
    /// PSUBSCRIBE / PUNSUBSCRIBE.
    Pattern,
    /// SSUBSCRIBE / SUNSUBSCRIBE (shard channels, a namespace of their own).
    Shard,
}

/// Server-wide subscriptions.
#[derive(Debug, Default)]
pub struct PubSub {
    channels: FastMap<Key, Vec<ClientId>>,
    patterns: FastMap<Key, Vec<ClientId>>,
    shards: FastMap<Key, Vec<ClientId>>,
}

impl PubSub {
    fn maps<'a>(
        &'a mut self,
        subs: &'a mut Subscriptions,
        kind: Kind,
    ) -> (
        &'a mut FastMap<Key, Vec<ClientId>>,
        &'a mut Vec<Key>,
        &'a mut FastSet<Key>,
    ) {
        match kind {
            Kind::Channel => (
                &mut self.channels,
                &mut subs.channels,
                &mut subs.channel_set,
            ),
            Kind::Pattern => (
                &mut self.patterns,
                &mut subs.patterns,
                &mut subs.pattern_set,
            ),
            Kind::Shard => (&mut self.shards, &mut subs.shards, &mut subs.shard_set),
        }
    }

    /// Subscribes client `id` (whose subscriptions are `subs`) to `name`. Returns false if it
    /// already was.
    pub fn subscribe(
        &mut self,
        id: ClientId,
        subs: &mut Subscriptions,
        kind: Kind,
        name: &[u8],
    ) -> bool {
        let (map, order, set) = self.maps(subs, kind);
        if !set.insert(Key::from(name)) {
            return false;
        }
        order.push(Key::from(name));
        map.entry(Key::from(name)).or_default().push(id);
        true
    }

    /// Unsubscribes client `id` from `name`. Returns false if it was not subscribed.
    pub fn unsubscribe(
        &mut self,
        id: ClientId,
        subs: &mut Subscriptions,
        kind: Kind,
        name: &[u8],
    ) -> bool {
        let (map, order, set) = self.maps(subs, kind);
        if !set.remove(name) {
            return false;
        }
        order.retain(|n| &**n != name);
        if let Some(list) = map.get_mut(name) {
            list.retain(|c| *c != id);
            if list.is_empty() {
                map.remove(name);
            }
        }
        true
    }

    /// Drops every subscription of client `id` (disconnect, RESET).
    pub fn remove_client(&mut self, id: ClientId, subs: &mut Subscriptions) {
        for kind in [Kind::Channel, Kind::Pattern, Kind::Shard] {
            let names = match kind {
                Kind::Channel => subs.channels.clone(),
                Kind::Pattern => subs.patterns.clone(),
                Kind::Shard => subs.shards.clone(),
            };
            for n in names {
                self.unsubscribe(id, subs, kind, &n);
            }
        }
    }

    /// Who receives a message published to `channel`: the channel's subscribers, then each
    /// matching pattern (in name order) with its subscribers.
    pub fn receivers(&self, channel: &[u8]) -> (Vec<ClientId>, Vec<(Key, ClientId)>) {
        let direct = self.channels.get(channel).cloned().unwrap_or_default();
        let mut by_pattern = Vec::new();
        if self.patterns.is_empty() {
            return (direct, by_pattern);
        }
        for p in active(&self.patterns, &|p| glob::matches(p, channel, false)) {
            let ids = &self.patterns[&p];
            by_pattern.extend(ids.iter().map(|id| (p.clone(), *id)));
        }
        (direct, by_pattern)
    }

    /// Channels with at least one subscriber matching `pattern` (all if `None`), sorted.
    pub fn active_channels(&self, pattern: Option<&[u8]>) -> Vec<Key> {
        active(&self.channels, &|c| {
            pattern.is_none_or(|p| glob::matches(p, c, false))
        })
    }

    /// Subscribers of shard channel `channel`, in subscription order (SPUBLISH).
    pub fn shard_receivers(&self, channel: &[u8]) -> Vec<ClientId> {
        self.shards.get(channel).cloned().unwrap_or_default()
    }

    /// Shard channels with at least one subscriber matching `pattern` (all if `None`), sorted.
    pub fn active_shard_channels(&self, pattern: Option<&[u8]>) -> Vec<Key> {
        active(&self.shards, &|c| {
            pattern.is_none_or(|p| glob::matches(p, c, false))
        })
    }

    /// Number of subscribers of shard channel `channel`.
    pub fn shard_numsub(&self, channel: &[u8]) -> usize {
        self.shards.get(channel).map_or(0, Vec::len)
    }

    /// Number of subscribers of `channel` (patterns excluded).
    pub fn numsub(&self, channel: &[u8]) -> usize {
        self.channels.get(channel).map_or(0, Vec::len)
    }

    /// Number of distinct patterns subscribed to (PUBSUB NUMPAT).
    pub fn numpat(&self) -> usize {
        self.patterns.len()
    }

    /// Number of channels with subscribers (INFO `pubsub_channels`).
    pub fn channel_count(&self) -> usize {
        self.channels.len()
    }
}

/// The names in `map` that `keep` accepts, sorted.
fn active(map: &FastMap<Key, Vec<ClientId>>, keep: &dyn Fn(&[u8]) -> bool) -> Vec<Key> {
    let mut names: Vec<Key> = map.keys().filter(|n| keep(n)).cloned().collect();
    crate::sort::sort(&mut names);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hash-table order never leaks: names come back sorted, each pattern's subscribers in
    /// subscription order.
    #[test]
    fn listings_and_pattern_delivery_are_sorted_by_name() {
        let mut ps = PubSub::default();
        let mut subs = [Subscriptions::default(), Subscriptions::default()];
        let names: Vec<String> = (0..40).map(|i| format!("c{}", (i * 17) % 40)).collect();
        for (i, n) in names.iter().enumerate() {
            let c = i % 2;
            ps.subscribe(
                ClientId(c as u64),
                &mut subs[c],
                Kind::Channel,
                n.as_bytes(),
            );
            ps.subscribe(ClientId(c as u64), &mut subs[c], Kind::Shard, n.as_bytes());
        }
        for p in ["c3*", "c*", "*", "c1?"] {
            ps.subscribe(ClientId(1), &mut subs[1], Kind::Pattern, p.as_bytes());
            ps.subscribe(ClientId(0), &mut subs[0], Kind::Pattern, p.as_bytes());
        }
        let mut sorted: Vec<Key> = names.iter().map(|n| Key::from(n.as_bytes())).collect();
        sorted.sort();
        assert_eq!(ps.active_channels(None), sorted);
        assert_eq!(ps.active_shard_channels(None), sorted);
        let ones: Vec<Key> = sorted
            .iter()
            .filter(|n| n.starts_with(b"c1"))
            .cloned()
            .collect();
        assert_eq!(ps.active_channels(Some(b"c1*")), ones);

        let (direct, by_pattern) = ps.receivers(b"c13");
        assert_eq!(direct, vec![ClientId(1)]);
        let got: Vec<(&[u8], u64)> = by_pattern.iter().map(|(p, c)| (&**p, c.0)).collect();
        let want: Vec<(&[u8], u64)> = vec![
            (b"*", 1),
            (b"*", 0),
            (b"c*", 1),
            (b"c*", 0),
            (b"c1?", 1),
            (b"c1?", 0),
        ];
        assert_eq!(got, want);
        assert!(ps.receivers(b"x").1.iter().all(|(p, _)| &**p == b"*"));
        ps.unsubscribe(ClientId(1), &mut subs[1], Kind::Pattern, b"*");
        assert_eq!(
            ps.receivers(b"x").1,
            vec![(Key::from(&b"*"[..]), ClientId(0))]
        );
    }
}
