import { onMounted, watch, type Ref } from 'vue';
import { paintPixels, type Rgb } from '../charts/pixelImage';

/** Keeps a canvas painted with a small square image as its values (or colouring) change. */
export function usePixelCanvas(
  canvas: Readonly<Ref<HTMLCanvasElement | null>>,
  image: () => { values: readonly number[]; side: number; color: (value: number) => Rgb } | null,
): void {
  function paint(): void {
    const element = canvas.value;
    const current = image();
    if (element && current) paintPixels(element, current.values, current.side, current.color);
  }
  onMounted(() => watch(image, paint, { immediate: true }));
}
