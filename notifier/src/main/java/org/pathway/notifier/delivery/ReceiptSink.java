package org.pathway.notifier.delivery;

/** Publishes the receipts (and dead letters) the delivery log says are due. */
public interface ReceiptSink {

  /** Publishes every due receipt; returns how many were published. */
  int publishDue();
}
