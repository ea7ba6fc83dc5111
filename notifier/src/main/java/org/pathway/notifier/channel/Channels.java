package org.pathway.notifier.channel;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.pathway.events.avro.Channel;

/** The configured sender for each channel. */
public final class Channels {

  private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);

  public Channels(Collection<? extends ChannelSender> all) {
    for (ChannelSender s : all) {
      if (senders.put(s.channel(), s) != null) {
        throw new IllegalArgumentException("two senders for channel " + s.channel());
      }
    }
  }

  public Optional<ChannelSender> forChannel(Channel channel) {
    return Optional.ofNullable(senders.get(channel));
  }
}
