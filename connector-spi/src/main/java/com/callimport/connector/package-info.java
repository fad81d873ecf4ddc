/**
 * The connector SPI: what a platform connector declares about itself and the calls it hands to the
 * engine. JDK only, so a connector can never reach the engine's storage, job library or framework.
 *
 * <p>A connector <em>returns</em> data and a position ({@link com.callimport.connector.Checkpoint});
 * only the engine stores positions, and only once the data they cover is durable. A connector never
 * sleeps and never retries: it reports what happened through a typed
 * {@link com.callimport.connector.ConnectorException} and the engine decides.
 */
package com.callimport.connector;
