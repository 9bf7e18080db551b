import { Image, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { getPlatform, type PickedPhoto } from '../../platform'
import { uploadPhoto } from '../../services/tasks'
import './index.scss'
import { FOCUSABLE } from '../a11y'

/** A photo the server has (what a form sends and what its draft keeps). */
export interface UploadedPhoto {
  id: string
  url: string
}

interface Pending {
  photo: PickedPhoto
  status: 'uploading' | 'waiting' | 'failed'
  error?: string
}

interface Props {
  value: UploadedPhoto[]
  onChange: (photos: UploadedPhoto[]) => void
  max?: number
  /** true while any photo is still uploading (the form waits for it) */
  onBusyChange?: (busy: boolean) => void
}

/**
 * Photos through the platform's camera/album (a file input in H5). Each photo uploads right after it is picked,
 * one at a time (kind to a weak signal); a failed one stays with a 重试 tap. Uploaded ones are in `value`,
 * so a form's draft keeps them across a reload.
 */
export function PhotoPicker({ value, onChange, max = 9, onBusyChange }: Props) {
  const [pending, setPending] = useState<Pending[]>([])
  const valueRef = useRef(value)
  valueRef.current = value
  const [pickError, setPickError] = useState<string | null>(null)
  const queue = useRef(Promise.resolve())

  const busy = pending.some((p) => p.status !== 'failed')
  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange])

  const upload = (photo: PickedPhoto) => {
    queue.current = queue.current.then(async () => {
      setPending((list) => list.map((p) => (p.photo.key === photo.key ? { ...p, status: 'uploading' } : p)))
      try {
        const file = await uploadPhoto(photo)
        setPending((list) => list.filter((p) => p.photo.key !== photo.key))
        onChange([...valueRef.current, { id: file.id, url: file.url }])
      } catch (e) {
        setPending((list) => list.map((p) => (p.photo.key === photo.key ? { ...p, status: 'failed', error: (e as Error).message } : p)))
      }
    })
  }

  const room = max - value.length - pending.length
  const add = async () => {
    setPickError(null)
    try {
      const photos = await getPlatform().choosePhotos(room)
      setPending((list) => [...list, ...photos.map((photo) => ({ photo, status: 'waiting' as const }))])
      for (const photo of photos) upload(photo)
    } catch (e) {
      setPickError((e as Error).message)
    }
  }

  return (
    <View className='photo-picker'>
      <View className='photo-picker__grid'>
        {value.map((p, i) => (
          <View key={p.id} className='photo-picker__cell'>
            <Image
              className='photo-picker__img'
              src={p.url}
              nativeProps={{ alt: `已上传的第 ${i + 1} 张照片（点击查看大图）` }}
              mode='aspectFill'
              onClick={() =>
                getPlatform().previewImages(
                  value.map((x) => x.url),
                  p.url,
                )
              }
            />
            <View className='photo-picker__remove' role='button' {...FOCUSABLE} aria-label='删除照片' onClick={() => onChange(value.filter((_, j) => j !== i))}>
              ×
            </View>
          </View>
        ))}
        {pending.map((p) => (
          <View key={p.photo.key} className='photo-picker__cell' onClick={() => p.status === 'failed' && upload(p.photo)}>
            <Image className='photo-picker__img photo-picker__img--pending' src={p.photo.previewUrl} mode='aspectFill' nativeProps={{ alt: '待上传的照片' }} />
            <View className={`photo-picker__overlay photo-picker__overlay--${p.status}`}>
              <Text>{p.status === 'failed' ? '上传失败\n点此重试' : p.status === 'uploading' ? '上传中…' : '等待上传'}</Text>
            </View>
            {p.status === 'failed' && (
              <View
                className='photo-picker__remove'
                role='button'
                {...FOCUSABLE}
                aria-label='删除照片'
                onClick={(ev) => {
                  ev.stopPropagation()
                  setPending((list) => list.filter((x) => x.photo.key !== p.photo.key))
                }}
              >
                ×
              </View>
            )}
          </View>
        ))}
        {room > 0 && (
          <View
            className='photo-picker__cell photo-picker__add'
            role='button'
            {...FOCUSABLE}
            aria-label={`添加照片：拍照/相册 ${value.length + pending.length}/${max}`}
            onClick={() => void add()}
          >
            <Text className='photo-picker__plus' aria-hidden='true'>
              +
            </Text>
            <Text className='photo-picker__count'>
              拍照/相册 {value.length + pending.length}/{max}
            </Text>
          </View>
        )}
      </View>
      {pickError && <Text className='error-text'>{pickError}</Text>}
    </View>
  )
}
