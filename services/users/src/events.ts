// The users service's events live with every other service's messages in @shop/contracts.
export { USERS_SOURCE, userErased, userRegistered } from '@shop/contracts';
