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
//! same for patterns; empty subscriber lists are removed. Channels and patterns are kept in
//! `BTreeMap`s so PUBSUB CHANNELS and pattern delivery have a deterministic order (Redis
//! walks a hash table: its order is unspecified).

use std::collections::BTreeMap;

use crate::glob;
use crate::keyspace::{FastSet, Key};
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
    channels: BTreeMap<Key, Vec<ClientId>>,
    patterns: BTreeMap<Key, Vec<ClientId>>,
    shards: BTreeMap<Key, Vec<ClientId>>,
}

impl PubSub {
    fn maps<'a>(
        &'a mut self,
        subs: &'a mut Subscriptions,
        kind: Kind,
    ) -> (
        &'a mut BTreeMap<Key, Vec<ClientId>>,
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
    /// matching pattern with its subscribers.
    pub fn receivers(&self, channel: &[u8]) -> (Vec<ClientId>, Vec<(Key, ClientId)>) {
        let direct = self.channels.get(channel).cloned().unwrap_or_default();
        let mut by_pattern = Vec::new();
        for (p, ids) in &self.patterns {
            if glob::matches(p, channel, false) {
                by_pattern.extend(ids.iter().map(|id| (p.clone(), *id)));
            }
        }
        (direct, by_pattern)
    }

    /// Channels with at least one subscriber matching `pattern` (all if `None`).
    pub fn active_channels(&self, pattern: Option<&[u8]>) -> Vec<Key> {
        self.channels
            .keys()
            .filter(|c| pattern.is_none_or(|p| glob::matches(p, c, false)))
            .cloned()
            .collect()
    }

    /// Subscribers of shard channel `channel`, in subscription order (SPUBLISH).
    pub fn shard_receivers(&self, channel: &[u8]) -> Vec<ClientId> {
        self.shards.get(channel).cloned().unwrap_or_default()
    }

    /// Shard channels with at least one subscriber matching `pattern` (all if `None`).
    pub fn active_shard_channels(&self, pattern: Option<&[u8]>) -> Vec<Key> {
        self.shards
            .keys()
            .filter(|c| pattern.is_none_or(|p| glob::matches(p, c, false)))
            .cloned()
            .collect()
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
