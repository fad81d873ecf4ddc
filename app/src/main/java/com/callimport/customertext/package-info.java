/** Limits on the text customers send, checked before it reaches storage, each refusal naming the field. */
package com.callimport.customertext;
