import { type FormEvent, useId, useState } from 'react';
import type { Product, Review } from '../../src/api/types.ts';
import {
  MAX_BODY,
  MAX_TITLE,
  moderatesReviews,
  ratingText,
  reviewInput,
  reviewRefusal,
  starsOf,
  starsText,
} from '../../src/reviews.ts';
import { hrefFor } from '../../src/routes.ts';
import { Link, useLocation } from '../router.tsx';
import { useShop, useUser } from '../shop-context.tsx';
import { useAsync } from '../use-async.ts';
import { formatDate } from './bits.tsx';
import { ErrorNotice, Loading } from './feedback.tsx';
import { TextAreaField, TextField } from './fields.tsx';

const STAR_GLYPH = { full: '★', half: '⯪', empty: '☆' } as const;

/** Five stars for an average, hidden from screen readers, which read the words beside them instead. */
function Stars({ average }: { average: number }) {
  return (
    <span className="stars" aria-hidden="true">
      {starsOf(average).map((star, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the five stars are positions, not items
        <span key={index} className={`star star-${star}`}>
          {STAR_GLYPH[star]}
        </span>
      ))}
    </span>
  );
}

/** A product's rating: stars and their text equivalent ("4.5 out of 5, 2 reviews"). */
export function ProductRating({ rating }: { rating: Product['rating'] }) {
  return (
    <p className="rating">
      {rating.count > 0 && <Stars average={rating.average} />} <span>{ratingText(rating)}</span>
    </p>
  );
}

/** Stars 1–5, title and body; posts a new review or changes the caller's own. */
function ReviewForm({
  productId,
  current,
  onSaved,
  onCancel,
}: {
  productId: string;
  current?: Review | undefined;
  onSaved: (review: Review) => void;
  onCancel?: () => void;
}) {
  const { api } = useShop();
  const id = useId();
  const [rating, setRating] = useState<number | undefined>(current?.rating);
  const [title, setTitle] = useState(current?.title ?? '');
  const [body, setBody] = useState(current?.body ?? '');
  const [state, setState] = useState<{ busy: boolean; problem?: string; error?: unknown }>({ busy: false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = reviewInput({ rating, title, body });
    if ('problem' in checked) return setState({ busy: false, problem: checked.problem });
    setState({ busy: true });
    try {
      const saved = current
        ? await api.updateMyReview(productId, checked.input)
        : await api.postReview(productId, checked.input);
      setState({ busy: false });
      onSaved(saved);
    } catch (error) {
      const refusal = reviewRefusal(error);
      setState(refusal ? { busy: false, problem: refusal } : { busy: false, error });
    }
  };
  return (
    <form className="form review-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{current ? 'Change your review' : 'Write a review'}</h3>
      <fieldset className="star-picker">
        <legend>Your rating</legend>
        {[1, 2, 3, 4, 5].map((stars) => (
          <span key={stars} className="radio">
            <input
              type="radio"
              id={`${id}-stars-${stars}`}
              name={`${id}-stars`}
              value={stars}
              checked={rating === stars}
              onChange={() => setRating(stars)}
            />
            <label htmlFor={`${id}-stars-${stars}`}>{starsText(stars)}</label>
          </span>
        ))}
      </fieldset>
      <TextField
        label="Title"
        value={title}
        maxLength={MAX_TITLE}
        required
        onChange={(event) => setTitle(event.target.value)}
      />
      <TextAreaField
        label="Your review"
        value={body}
        maxLength={MAX_BODY}
        rows={4}
        onChange={(event) => setBody(event.target.value)}
      />
      {state.problem && (
        <p className="notice notice-error" role="alert">
          {state.problem}
        </p>
      )}
      <ErrorNotice error={state.error} title="The review was not saved" />
      <div className="actions">
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Saving…' : current ? 'Save changes' : 'Post review'}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel} disabled={state.busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** One review. Title and body are plain text, rendered as text (never as HTML). */
function ReviewItem({
  review,
  mine,
  onRemove,
  removeLabel,
}: {
  review: Review;
  mine: boolean;
  onRemove?: (() => void) | undefined;
  removeLabel: string;
}) {
  return (
    <li className="review">
      <p className="review-stars">
        <Stars average={review.rating} /> <span className="visually-hidden">{starsText(review.rating)}</span>
        <strong className="review-title">{review.title}</strong>
      </p>
      <p className="muted">
        {review.authorName}
        {mine ? ' (you)' : ''} · {formatDate(review.createdAt)}
        {review.updatedAt !== review.createdAt ? ' · edited' : ''}
      </p>
      {review.body && <p className="review-body">{review.body}</p>}
      {onRemove && (
        <button type="button" className="link-button danger" onClick={onRemove}>
          {removeLabel}
        </button>
      )}
    </li>
  );
}

/**
 * The product page's reviews: the list (newest first), the signed-in shopper's own review to post,
 * change or delete, and for the store's admins a "Remove" button on every review.
 */
export function ProductReviews({ product }: { product: Product }) {
  const { api, storeId } = useShop();
  const user = useUser();
  const { href } = useLocation();
  const { productId } = product;
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const [removal, setRemoval] = useState<{ error?: unknown }>({});
  const reviews = useAsync(() => api.listReviews(productId), [api, productId, version]);
  const mine = useAsync(
    async () => (user ? api.myReview(productId) : undefined),
    [api, productId, user?.userId, version],
  );
  const changed = () => {
    setEditing(false);
    setVersion((count) => count + 1);
  };
  const remove = async (review: Review) => {
    setRemoval({});
    try {
      await api.deleteReview(productId, review.reviewId);
      changed();
    } catch (error) {
      setRemoval({ error });
    }
  };
  const moderator = moderatesReviews(user, storeId);
  const own = mine.data;

  return (
    <section className="reviews" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      <ProductRating rating={product.rating} />
      {!user && (
        <p>
          <Link to={hrefFor({ page: 'signin', next: href })}>Sign in</Link> to review this product.
        </p>
      )}
      {user && !mine.loading && !own && <ReviewForm productId={productId} onSaved={changed} />}
      {user && own && !editing && (
        <div className="own-review">
          <p>
            You rated this product {starsText(own.rating)}.{' '}
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              Edit your review
            </button>{' '}
            <button type="button" className="link-button danger" onClick={() => remove(own)}>
              Delete your review
            </button>
          </p>
        </div>
      )}
      {user && own && editing && (
        <ReviewForm
          productId={productId}
          current={own}
          onSaved={changed}
          onCancel={() => setEditing(false)}
        />
      )}
      <ErrorNotice error={removal.error} title="The review was not deleted" />
      {reviews.loading && !reviews.data && <Loading label="Loading the reviews…" />}
      <ErrorNotice error={reviews.error} title="The reviews could not be loaded" />
      {reviews.data && reviews.data.items.length === 0 && (
        <p className="muted">Nobody has reviewed it yet.</p>
      )}
      {reviews.data && reviews.data.items.length > 0 && (
        <ul className="review-list">
          {reviews.data.items.map((review) => {
            const isMine = review.reviewId === own?.reviewId;
            return (
              <ReviewItem
                key={review.reviewId}
                review={review}
                mine={isMine}
                onRemove={moderator && !isMine ? () => remove(review) : undefined}
                removeLabel="Remove"
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}
