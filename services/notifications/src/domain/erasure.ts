import type { AddressBook, NotificationStore } from './notifier.ts';

/**
 * A user erased their account (UserErased): their address leaves the address book, which keeps only
 * the mark that they were erased, so no later event (an order step still in flight, a relayed or
 * redriven UserRegistered) can email them or bring the address back; then every notification of
 * theirs is deleted. Deleted rather than blanked: they are copies of emails to a person who is no
 * longer a customer, and the once-per-event guard they served is the mark's job now (nobody erased
 * is emailed again). Safe to repeat.
 */
export async function eraseRecipient(
  userId: string,
  deps: {
    addressBook: Pick<AddressBook, 'erase'>;
    store: Pick<NotificationStore, 'deleteForUser'>;
    now?: () => Date;
  },
): Promise<{ deleted: number }> {
  await deps.addressBook.erase(userId, deps.now?.() ?? new Date());
  return { deleted: await deps.store.deleteForUser(userId) };
}
