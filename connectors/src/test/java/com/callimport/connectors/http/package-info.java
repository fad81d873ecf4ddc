/** Tests of the vendor-neutral HTTP plumbing against a scripted loopback server. */
package com.callimport.connectors.http;
