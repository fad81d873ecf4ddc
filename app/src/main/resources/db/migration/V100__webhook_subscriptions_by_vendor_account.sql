-- Vendors that deliver every customer's notices to one address of our app (Zoom) name the vendor account in each one;
-- the inbox finds the interested connections by it, and a connection's subscription id is that account id.
CREATE INDEX webhook_subscriptions_by_vendor_id ON webhook_subscriptions (vendor_subscription_id) WHERE vendor_subscription_id IS NOT NULL;
