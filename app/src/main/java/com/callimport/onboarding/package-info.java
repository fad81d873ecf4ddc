/** A new organization's answers to the onboarding questions, such as whether it is coming from another platform. */
package com.callimport.onboarding;
